<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../app/ui/cenc_dialog.py" line="+57" />
        <source>Сервер CENC не задан</source>
        <translation>CENC server not set</translation>
    </message>
    <message>
        <location line="+1" />
        <source>заводской номер</source>
        <translation>serial number</translation>
    </message>
    <message>
        <location line="+0" />
        <source>системный адрес</source>
        <translation>system address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{host}:{port}, пользователь «{user}», {kind} {device}</source>
        <translation>{host}:{port}, user “{user}”, {kind} {device}</translation>
    </message>
    <message>
        <location line="+8" />
        <location filename="../app/ui/connection_panels.py" line="+307" />
        <source>Настройки обмена с CENC</source>
        <translation>CENC exchange settings</translation>
    </message>
    <message>
        <location line="+13" />
        <source>по заводскому номеру</source>
        <translation>by serial number</translation>
    </message>
    <message>
        <location line="+2" />
        <source>по системному адресу</source>
        <translation>by system address</translation>
    </message>
    <message>
        <location line="+8" />
        <source>например 009218054000001 или 0.0.0.94</source>
        <translation>e.g. 009218054000001 or 0.0.0.94</translation>
    </message>
    <message>
        <location filename="../app/ui/cehes_export_dialog.py" line="+15" />
        <location filename="../app/ui/fleet_workspace.py" line="+531" />
        <location line="+28" />
        <source>Экспорт для ceHes</source>
        <translation>Export for ceHes</translation>
    </message>
    <message>
        <location line="+11" />
        <location filename="../app/ui/cenc_dialog.py" line="+4" />
        <location filename="../app/ui/connection_panels.py" line="-180" />
        <location line="+10" />
        <location line="+146" />
        <location filename="../app/ui/extra_tabs.py" line="+112" />
        <location filename="../app/ui/fleet_workspace.py" line="-431" />
        <location filename="../app/ui/phone_panel.py" line="+104" />
        <source> с</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+2" />
        <source>DLMS &lt;адрес&gt;</source>
        <translation>DLMS &lt;address&gt;</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Протокол DLMS счётчиков для строк, которых нет в списке ceHes (строки из списка ceHes выгружаются как были)</source>
        <translation>The meters' DLMS protocol for the rows not read from a ceHes list (rows from a ceHes list are exported as they were)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Пароль протокола</source>
        <translation>Protocol password</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Адрес протокола</source>
        <translation>Protocol address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Тайм-аут протокола</source>
        <translation>Protocol timeout</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Имя протокола</source>
        <translation>Protocol name</translation>
    </message>
    <message>
        <location filename="../app/ui/cenc_dialog.py" line="+2" />
        <source>Адрес сервера</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Порт для ПО верхнего уровня</source>
        <translation>Port for upper-level software</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../app/ui/fleet_workspace.py" line="+19" />
        <source>Пользователь</source>
        <translation>User</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../app/ui/fleet_workspace.py" line="+0" />
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Устройство</source>
        <translation>Device</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Заводской номер / системный адрес</source>
        <translation>Serial number / system address</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../app/ui/connection_panels.py" line="+5" />
        <source>Время ожидания ответа</source>
        <translation>Reply timeout</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройки предоставляет системный администратор сервера CENC.</source>
        <translation>The CENC server's system administrator provides these settings.</translation>
    </message>
    <message>
        <location filename="../app/ui/connection_panels.py" line="-170" />
        <location filename="../app/ui/module_actions.py" line="+507" />
        <source>Определить модем</source>
        <translation>Detect modem</translation>
    </message>
    <message>
        <location line="+12" />
        <source>если нет на SIM</source>
        <translation>if the SIM has none</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Номер SMS-центра оператора, например +79168999100. Задаётся модему на время работы, только если на SIM-карте номера нет; на SIM-карту не записывается.</source>
        <translation>The operator's SMS service-centre number, e.g. +79168999100. Set in the modem for the session, only when the SIM card has none; not written to the SIM card.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Сколько ждать, пока SIM-карта занята после включения модема и пока модем регистрируется в сети</source>
        <translation>How long to wait while the SIM card is busy after the modem starts and while the modem registers in the network</translation>
    </message>
    <message>
        <location line="+12" />
        <source>COM-порт модема</source>
        <translation>Modem COM port</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+82" />
        <source>Скорость, бит/с</source>
        <translation>Speed, bit/s</translation>
    </message>
    <message>
        <location line="-81" />
        <source>Тайм-аут ответа</source>
        <translation>Reply timeout</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SMS-центр</source>
        <translation>SMS centre</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Ожидание SIM и сети</source>
        <translation>Wait for SIM and network</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Если модем не найден, выберите его COM-порт вручную (см. диспетчер устройств); тайм-аут — не менее 1 с.</source>
        <translation>If the modem is not found, choose its COM port by hand (see Device Manager); timeout at least 1 s.</translation>
    </message>
    <message>
        <location line="+48" />
        <source>из формуляра счётчика, например 777777</source>
        <translation>from the meter's log book, e.g. 777777</translation>
    </message>
    <message>
        <location line="+5" />
        <source>не задан</source>
        <translation>not set</translation>
    </message>
    <message>
        <location line="+6" />
        <source>СПОДЭС</source>
        <translation>SPODES</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Авто</source>
        <translation>Auto</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Программный</source>
        <translation>Software</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Аппаратный</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Протокол ГОСТ IEC 61107-2011 работает в формате 7E1. «Программный»: бит чётности вычисляет программа. «Аппаратный»: его делает COM-порт или преобразователь TCP/RS-485 с настройкой 7E1. «Авто»: программный для socket:// и портов без 7E1.</source>
        <translation>The GOST IEC 61107-2011 (IEC 62056-21) protocol runs 7E1. Software: the program computes the parity bit. Hardware: the COM port or a TCP/RS-485 converter set to 7E1 makes it. Auto: software for socket:// and ports without 7E1.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Пароль доступа к счётчику</source>
        <translation>Meter access password</translation>
    </message>
    <message>
        <location line="+1" />
        <source>COM-порт</source>
        <translation>COM port</translation>
    </message>
    <message>
        <location line="+2" />
        <source>COM-порт модуля связи</source>
        <translation>Module COM port</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Протокол</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Контроль чётности 7-E-1</source>
        <translation>7-E-1 parity control</translation>
    </message>
    <message>
        <location line="+1" />
        <source>«COM-порт модуля связи» и «Протокол» заполняются для счётчиков CE207, CE307, CE208 СПОДЭС, CE308 СПОДЭС.</source>
        <translation>“Module COM port” and “Protocol” are filled in for CE207, CE307, CE208 SPODES and CE308 SPODES meters.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Начальная скорость оптопорта счётчика должна быть 9600 бит/с.</source>
        <translation>The meter's optical port must start at 9600 bit/s.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Конфигурирование начинается не раньше чем через {seconds} с после последнего сеанса связи со счётчиком: программа выдерживает эту паузу сама.</source>
        <translation>Configuring starts no sooner than {seconds} s after the last session with the meter: the program keeps this pause itself.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>IP-адрес статической SIM-карты модуля</source>
        <translation>static IP address of the module's SIM</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Адрес</source>
        <translation>Address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Порт</source>
        <translation>Port</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Метод используется, когда модуль работает в режиме «Сервер».</source>
        <translation>Use this method when the module works in Server mode.</translation>
    </message>
    <message>
        <location line="+28" />
        <source>Метод используется, когда модуль работает в режиме «Клиент CENC». При регистрации не на сервере CENC работа канала не гарантируется.</source>
        <translation>Use this method when the module works in Client CENC mode. If it is registered elsewhere than on the CENC server, the channel is not guaranteed to work.</translation>
    </message>
    <message>
        <location line="+29" />
        <location filename="../app/ui/module_actions.py" line="-137" />
        <location filename="../app/ui/module_workspace.py" line="+155" />
        <source>Сохранить на SIM</source>
        <translation>Save to SIM</translation>
    </message>
    <message>
        <location line="+3" />
        <location filename="../app/ui/module_actions.py" line="+9" />
        <source>Прочитать из SIM</source>
        <translation>Read from SIM</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Установите SIM-карту в GSM-модем компьютера. Сохранённые настройки модуль применит при включении счётчика с этой SIM-картой; одной «Мастер SIM» можно настроить любое число счётчиков. Последующая настройка по SMS удаляет сохранённые настройки.</source>
        <translation>Put the SIM card into the PC's GSM modem. A module applies the stored settings when a meter with this SIM is switched on; one Master SIM configures any number of meters. Configuring by SMS later deletes the stored settings.</translation>
    </message>
    <message>
        <location line="+14" />
        <location filename="../app/ui/module_workspace.py" line="+0" />
        <source>Сформировать SMS</source>
        <translation>Generate SMS</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Текст SMS для отправки вручную с мобильного телефона или через интерфейс GSM-модема на номер SIM-карты счётчика.</source>
        <translation>SMS text to send by hand from a mobile phone or through a GSM modem to the number of the meter's SIM card.</translation>
    </message>
    <message>
        <location filename="../app/ui/delivery_panel.py" line="+76" />
        <source>МЕТОД ДОСТАВКИ</source>
        <translation>DELIVERY METHOD</translation>
    </message>
    <message>
        <location line="+15" />
        <source>НАСТРОЙКИ СОЕДИНЕНИЯ</source>
        <translation>CONNECTION SETTINGS</translation>
    </message>
    <message>
        <location filename="../app/ui/error_hook.py" line="+75" />
        <source>Ошибка</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Подробности записаны в журнал: {path}</source>
        <translation>Details are in the log: {path}</translation>
    </message>
    <message>
        <location filename="../app/ui/extra_tabs.py" line="-65" />
        <location filename="../app/ui/module_actions.py" line="+143" />
        <source>Получить SMS</source>
        <translation>Get SMS</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Очистить выбранное хранилище</source>
        <translation>Clear the selected storage</translation>
    </message>
    <message>
        <location line="+8" />
        <source>№</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Отправитель</source>
        <translation>Sender</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Текст</source>
        <translation>Text</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../app/ui/module_workspace.py" line="-22" />
        <source>Хранилище SMS</source>
        <translation>SMS storage</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Здесь видны SMS в хранилище GSM-модема компьютера, в том числе ответы модулей. Если ответы не приходят, причиной может быть заполненное хранилище: очистите его.</source>
        <translation>The SMS in the storage of the PC's GSM modem, module replies included. If replies do not arrive, the storage may be full: clear it.</translation>
    </message>
    <message>
        <location line="+19" />
        <location filename="../app/ui/module_actions.py" line="-380" />
        <location filename="../app/ui/status_tab.py" line="+221" />
        <location line="+2" />
        <location filename="../app/ui/transfer_tab.py" line="+143" />
        <source>Идёт операция: дождитесь её окончания или нажмите «Отмена»</source>
        <translation>An operation is running: wait until it ends or press “Cancel”</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Начать</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Остановить</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location line="+5" />
        <location filename="../app/ui/phone_panel.py" line="-24" />
        <source>Очистить</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Программа запрашивает расширенный статус модуля с заданным периодом и рисует уровень сигнала. Перемещайте антенну и следите, чтобы уровень был не ниже рекомендуемого (пунктир).</source>
        <translation>The program requests the module's extended status at the chosen period and plots the signal level. Move the antenna and keep the level at or above the recommended one (dashed line).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Период опроса</source>
        <translation>Polling period</translation>
    </message>
    <message>
        <location filename="../app/ui/field_editors.py" line="+54" />
        <source>IP-адрес Y.X.X.X или DNS-имя</source>
        <translation>IP address Y.X.X.X or DNS name</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Включено</source>
        <translation>On</translation>
    </message>
    <message>
        <location filename="../app/ui/lcd_decoder.py" line="+47" />
        <source>Поле</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+0" />
        <location filename="../app/ui/led_indication.py" line="+42" />
        <location filename="../app/ui/utmc/param_table.py" line="+68" />
        <source>Значение</source>
        <translation>Value</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Расшифровка</source>
        <translation>Meaning</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../app/ui/settings_column.py" line="+69" />
        <source>Тип модуля</source>
        <translation>Module type</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Группа 1</source>
        <translation>Group 1</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Группа 2</source>
        <translation>Group 2</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Введите цифры, которые счётчик показывает на индикаторе в группе информации о модуле связи: программа расшифрует каждое поле.</source>
        <translation>Type the digits the meter shows on its display in the communication module group: the program explains each field.</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Для этого модуля: группа 1 — {n1} цифры, группа 2 — {n2} цифры (например «{example}»).</source>
        <translation>For this module: group 1 has {n1} digits, group 2 has {n2} digits (e.g. “{example}”).</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Группа {group}, поле {field}: {name}</source>
        <translation>Group {group}, field {field}: {name}</translation>
    </message>
    <message>
        <location filename="../app/ui/log_panel.py" line="+35" />
        <location filename="../app/ui/main_window.py" line="+157" />
        <source>Сохранить журнал…</source>
        <translation>Save log…</translation>
    </message>
    <message>
        <location line="+3" />
        <location filename="../app/ui/main_window.py" line="+1" />
        <source>Очистить журнал</source>
        <translation>Clear log</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Сохранить журнал обмена</source>
        <translation>Save the exchange log</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Текстовые файлы (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <location filename="../app/ui/main_window.py" line="-4" />
        <source>Конфигуратор модулей связи и УТМЦ-700 {version}</source>
        <translation>Communication module and UTMC-700 configurator {version}</translation>
    </message>
    <message>
        <location line="+1" />
        <source> — демо</source>
        <translation> — demo</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+39" />
        <source>Журнал обмена</source>
        <translation>Exchange log</translation>
    </message>
    <message>
        <location line="-156" />
        <source>Модуль связи</source>
        <translation>Communication module</translation>
    </message>
    <message>
        <location line="+1" />
        <source>УТМЦ-700</source>
        <translation>UTMC-700</translation>
    </message>
    <message>
        <location line="+129" />
        <source>Файл</source>
        <translation>File</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Загрузить настройки…</source>
        <translation>Load settings…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Сохранить настройки…</source>
        <translation>Save settings…</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Недавние файлы</source>
        <translation>Recent files</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Значения по умолчанию</source>
        <translation>Default values</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Шаблоны…</source>
        <translation>Templates…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Образцы списка номеров и списков приборов УТМЦ: сохранить копию</source>
        <translation>Sample phone list and UTMC device lists: save a copy</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Сохранить журнал обмена…</source>
        <translation>Save exchange log…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Выход</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Вид</source>
        <translation>View</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Показать или скрыть журнал обмена внизу окна</source>
        <translation>Show or hide the exchange log at the bottom of the window</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Язык / Language</source>
        <translation>Language / Язык</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Справка</source>
        <translation>Help</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+99" />
        <source>О программе</source>
        <translation>About</translation>
    </message>
    <message>
        <location line="-95" />
        <source>Панель инструментов</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Загрузить настройки модуля</source>
        <translation>Load module settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройки модуля (*.json);;Все файлы (*)</source>
        <translation>Module settings (*.json);;All files (*)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Сохранить настройки модуля</source>
        <translation>Save module settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройки модуля (*.json)</source>
        <translation>Module settings (*.json)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Пароли</source>
        <translation>Passwords</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Сохранить в файл и пароли? Обычно их не сохраняют.</source>
        <translation>Save the passwords in the file as well? Usually they are not saved.</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Язык</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Язык можно сменить после окончания операции.</source>
        <translation>The language can be changed when the operation has finished.</translation>
    </message>
    <message>
        <location line="+18" />
        <source>Идёт обмен</source>
        <translation>Exchange in progress</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Идёт обмен с устройством. Прервать его и закрыть программу?</source>
        <translation>An exchange with a device is in progress. Stop it and close the program?</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Конфигуратор модулей связи и УТМЦ-700
Версия {version}

Открытый конфигуратор модулей связи GSM/LTE/NB-IoT счётчиков и концентратора УТМЦ-700.
Все действия программы доступны и из командной строки: python main.py --help</source>
        <translation>Communication module and UTMC-700 configurator
Version {version}

An open configurator for the GSM/LTE/NB-IoT communication modules of meters and the UTMC-700 data concentrator.
Everything the program does is also available from the command line: python main.py --help</translation>
    </message>
    <message>
        <location filename="../app/ui/module_actions.py" line="-20" />
        <source>Отмена: ожидание ответов прекращено…</source>
        <translation>Cancel: no longer waiting for replies…</translation>
    </message>
    <message>
        <location line="+33" />
        <location line="+180" />
        <source>Ошибка: {text}</source>
        <translation>Error: {text}</translation>
    </message>
    <message>
        <location line="-177" />
        <source>Операция отменена</source>
        <translation>Operation cancelled</translation>
    </message>
    <message>
        <location line="+38" />
        <source>Режим работы не выбран, поэтому команда MODE не отправляется: модуль не перезагрузится и применит новые настройки связи после следующего перезапуска. Чтобы он применил их сразу, выберите режим работы.</source>
        <translation>The operating mode is not chosen, so the MODE command is not sent: the module does not restart and applies the new communication settings after its next restart. To have them applied at once, choose the operating mode.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Предупреждение: {text}</source>
        <translation>Warning: {text}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Нечего отправлять: модуль с этой версией ВПО не знает ни одной из команд</source>
        <translation>Nothing to send: the module's firmware has none of these commands</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Настройки не отправлены. Исправьте:</source>
        <translation>Settings not sent. Please correct:</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Неверные настройки</source>
        <translation>Invalid settings</translation>
    </message>
    <message>
        <location line="+50" />
        <location line="+143" />
        <source>Добавьте в список хотя бы один номер телефона</source>
        <translation>Add at least one phone number to the list</translation>
    </message>
    <message>
        <location line="-135" />
        <location filename="../app/ui/status_tab.py" line="+11" />
        <source>ожидание</source>
        <translation>waiting</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Отправка по SMS</source>
        <translation>Sending by SMS</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Модуль станет недоступен этим методом</source>
        <translation>The module will be out of this method's reach</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Всё равно отправить настройки?</source>
        <translation>Send the settings anyway?</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Не отправлено: режим работы не изменён. Выберите режим, в котором модуль останется доступен, или другой метод доставки.</source>
        <translation>Not sent: the operating mode is unchanged. Choose a mode in which the module stays reachable, or another delivery method.</translation>
    </message>
    <message>
        <location line="+9" />
        <location filename="../app/ui/module_settings_reader.py" line="+102" />
        <source>Соединение…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <location line="+4" />
        <location filename="../app/ui/module_workspace.py" line="-70" />
        <source>Передача настроек</source>
        <translation>Transfer settings</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Введите действующий пароль в поле «Пароль доступа администратора» (заводской — 12345678).</source>
        <translation>Type the module's current password in “Administrator password” (factory: 12345678).</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Запись настроек на SIM-карту…</source>
        <translation>Writing the settings to the SIM card…</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Чтение настроек с SIM-карты…</source>
        <translation>Reading the settings from the SIM card…</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Настройки с SIM-карты загружены в форму: {n} параметров</source>
        <translation>Settings from the SIM card loaded into the form: {n} parameters</translation>
    </message>
    <message>
        <location line="-132" />
        <source>Отправка SMS, номеров в списке: {n}…</source>
        <translation>Sending SMS, numbers in the list: {n}…</translation>
    </message>
    <message>
        <location line="+88" />
        <source>Сформировано SMS: {n}. Отправьте их по порядку на номер SIM-карты счётчика.</source>
        <translation>SMS generated: {n}. Send them in this order to the number of the meter's SIM card.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Команда MODE — последней.</source>
        <translation>The MODE command goes last.</translation>
    </message>
    <message>
        <location line="+54" />
        <source>Запрос настроек по SMS, номеров в списке: {n}…</source>
        <translation>Querying settings by SMS, numbers in the list: {n}…</translation>
    </message>
    <message>
        <location line="+4" />
        <location filename="../app/ui/status_tab.py" line="-132" />
        <source>Запросить настройки по SMS</source>
        <translation>Request settings by SMS</translation>
    </message>
    <message>
        <location filename="../app/ui/status_tab.py" line="+82" />
        <source>Запрос…</source>
        <translation>Requesting…</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_workspace.py" line="-52" />
        <source>Список приборов…</source>
        <translation>Device list…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Список не загружен (список ceHes или наш: «Файл → Шаблоны…»)</source>
        <translation>No list loaded (a ceHes list or ours: “File → Templates…”)</translation>
    </message>
    <message>
        <location line="+4" />
        <location filename="../app/ui/module_actions.py" line="+33" />
        <location filename="../app/ui/module_workspace.py" line="+1" />
        <source>Чтение состояния</source>
        <translation>Status reading</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройка</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Файл настроек…</source>
        <translation>Settings file…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Из формы «Модуль связи»</source>
        <translation>From the “Communication module” form</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Записать то, что заполнено сейчас в рабочей области «Модуль связи»</source>
        <translation>Write what is filled in now in the “Communication module” workspace</translation>
    </message>
    <message>
        <location line="+6" />
        <source>как в списке</source>
        <translation>as in the list</translation>
    </message>
    <message>
        <location line="+4" />
        <source>адрес сервера CENC</source>
        <translation>CENC server address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>пользователь</source>
        <translation>user</translation>
    </message>
    <message>
        <location line="+1" />
        <source>пароль</source>
        <translation>password</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Пароль администратора модулей, для строк списка без своего пароля</source>
        <translation>The modules' administrator password, for the list's rows without their own</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Операция</source>
        <translation>Operation</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Доставка</source>
        <translation>Delivery</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Сервер CENC</source>
        <translation>CENC server</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Пароль модуля</source>
        <translation>Module password</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Ожидание ответа</source>
        <translation>Reply timeout</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Сеансов одновременно</source>
        <translation>Sessions at once</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Запустить</source>
        <translation>Start</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Продолжить</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Опросить приборы, для которых в журнале ещё нет результата</source>
        <translation>Run the devices the journal has no outcome for yet</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Повторить неудачные</source>
        <translation>Retry failed</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Сохранить отчёт…</source>
        <translation>Save report…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Экспорт для ceHes…</source>
        <translation>Export for ceHes…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Только ошибки</source>
        <translation>Errors only</translation>
    </message>
    <message>
        <location line="+92" />
        <source>Список приборов</source>
        <translation>Device list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Списки приборов (*.xlsx *.csv *.txt);;Все файлы (*)</source>
        <translation>Device lists (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location line="+12" />
        <source>список ceHes</source>
        <translation>ceHes list</translation>
    </message>
    <message>
        <location line="+0" />
        <source>наш список</source>
        <translation>our list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>{path}: {kind}, приборов: {count}, групп: {groups}</source>
        <translation>{path}: {kind}, devices: {count}, groups: {groups}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Список загружен</source>
        <translation>List loaded</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Файл настроек модуля</source>
        <translation>Module settings file</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Файлы настроек (*.json);;Все файлы (*)</source>
        <translation>Settings files (*.json);;All files (*)</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Сначала загрузите список приборов</source>
        <translation>Load a device list first</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Для настройки выберите файл настроек модуля («Файл настроек…»)</source>
        <translation>To configure, choose a module settings file (“Settings file…”)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Журнал работы с парком</source>
        <translation>Fleet journal</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Журналы (*.journal.sqlite);;Все файлы (*)</source>
        <translation>Journals (*.journal.sqlite);;All files (*)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Журнал: {path}</source>
        <translation>Journal: {path}</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../app/ui/main_window.py" line="-264" />
        <source>Парк приборов</source>
        <translation>Device fleet</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Отмена: новые сеансы не начинаются, идущие заканчиваются (нажмите ещё раз, чтобы прервать и их)</source>
        <translation>Cancel: no new sessions start, the running ones finish (press again to stop them too)</translation>
    </message>
    <message>
        <location line="+14" />
        <source>%v из %m, осталось ≈ {seconds} с</source>
        <translation>%v of %m, ≈ {seconds} s left</translation>
    </message>
    <message>
        <location line="+1" />
        <source>%v из %m</source>
        <translation>%v of %m</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Остановлено: не опрошено {n}; «Продолжить» опросит их</source>
        <translation>Stopped: {n} not run; “Continue” runs them</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Готово за {seconds} с; журнал {path}</source>
        <translation>Done in {seconds} s; journal {path}</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Приборов: {total}; {counts}; без результата: {waiting}</source>
        <translation>Devices: {total}; {counts}; without an outcome: {waiting}</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Дождитесь окончания работы</source>
        <translation>Wait until the run ends</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Экспорт строится по журналу: сначала запустите работу или продолжите журнал</source>
        <translation>The export is made from the journal: start a run or continue a journal first</translation>
    </message>
    <message>
        <location line="+2" />
        <source>В журнале нет приборов, опрошенных успешно</source>
        <translation>The journal has no device that succeeded</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Книга импорта приборов в ceHes: приборы, опрошенные успешно</source>
        <translation>The ceHes device import workbook: the devices that succeeded</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Отчёт строится по журналу: сначала запустите работу или продолжите журнал</source>
        <translation>The report is made from a journal: start a run or continue a journal first</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Сохранить отчёт</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location line="+2" />
        <location line="+31" />
        <source>Книги Excel (*.xlsx)</source>
        <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
        <location line="-11" />
        <source>Отчёт сохранён: {path}</source>
        <translation>Report saved: {path}</translation>
    </message>
    <message>
        <location line="+31" />
        <source>Для ceHes: приборов {n} → {path}</source>
        <translation>For ceHes: {n} devices → {path}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>; не выгружено {n}: {why}</source>
        <translation>; {n} left out: {why}</translation>
    </message>
    <message>
        <location filename="../app/ui/status_tab.py" line="+15" />
        <source>Ответ получен</source>
        <translation>Reply received</translation>
    </message>
    <message>
        <location filename="../app/ui/module_actions.py" line="+15" />
        <source>Дождитесь окончания текущей операции</source>
        <translation>Wait until the current operation has finished</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Опрос запущен</source>
        <translation>Polling started</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Опрос уровня сигнала</source>
        <translation>Signal level polling</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Модуль не сообщил уровень сигнала</source>
        <translation>The module did not report a signal level</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Последний ответ: {level}</source>
        <translation>Last reply: {level}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Поиск модема… это может занять некоторое время</source>
        <translation>Searching for the modem… this may take a while</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Модем не найден. Выберите COM-порт вручную.</source>
        <translation>No modem found. Choose the COM port by hand.</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Найден модем: {name} ({port}, {baud} бит/с)</source>
        <translation>Modem found: {name} ({port}, {baud} bit/s)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Чтение хранилища…</source>
        <translation>Reading the storage…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Сообщений в хранилище: {n}</source>
        <translation>Messages in the storage: {n}</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+7" />
        <source>Очистить хранилище</source>
        <translation>Clear storage</translation>
    </message>
    <message>
        <location line="-6" />
        <source>Удалить все SMS из хранилища {name}?</source>
        <translation>Delete every SMS from storage {name}?</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Удалено сообщений: {n}</source>
        <translation>Messages deleted: {n}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Загружены настройки: {path}</source>
        <translation>Settings loaded: {path}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Сохранены настройки: {path}</source>
        <translation>Settings saved: {path}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Файл настроек</source>
        <translation>Settings file</translation>
    </message>
    <message>
        <location filename="../app/ui/module_workspace.py" line="+70" />
        <source>Сигнал</source>
        <translation>Signal</translation>
    </message>
    <message>
        <location line="-69" />
        <source>Дополнительно</source>
        <translation>Additional</translation>
    </message>
    <message>
        <location line="+70" />
        <source>Код ЖКИ</source>
        <translation>LCD code</translation>
    </message>
    <message>
        <location line="+21" />
        <location filename="../app/ui/transfer_tab.py" line="-83" />
        <source>Отправить</source>
        <translation>Send</translation>
    </message>
    <message>
        <location line="+12" />
        <source>По SMS модули сообщают свои настройки: нажмите «Запросить настройки по SMS». Статус модуля читается по прямому каналу, TCP/IP или TCP/IP CENC.</source>
        <translation>By SMS the modules report their settings: press “Request settings by SMS”. The module status is read over the direct channel, TCP/IP or TCP/IP CENC.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Чтение состояния недоступно для метода «{method}»: выберите метод, который связывается с модулем.</source>
        <translation>Status reading is not available with “{method}”: choose a method that connects to the module.</translation>
    </message>
    <message>
        <location filename="../app/ui/phone_panel.py" line="-24" />
        <source>Номера абонентов</source>
        <translation>Subscriber numbers</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Добавить номер в список рассылки</source>
        <translation>Add the number to the mailing list</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Удалить выделенный номер</source>
        <translation>Remove the selected number</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Загрузить список</source>
        <translation>Load list</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Сохранить список</source>
        <translation>Save list</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Удалить все номера из списка (программа спросит подтверждение)</source>
        <translation>Remove every number from the list (the program asks first)</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Ограничить ожидание подтверждения</source>
        <translation>Limit the confirmation wait</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ждать ответ на SMS не дольше, чем указано ниже; без ограничения — пока вы не нажмёте «Отмена»</source>
        <translation>Wait for an SMS reply no longer than set below; without the limit, until you press “Cancel”</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Ожидание подтверждения</source>
        <translation>Confirmation wait</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Без ограничения ответ ожидается, пока вы не нажмёте «Отмена» (рекомендуется не менее 60 с).</source>
        <translation>Without a limit replies are awaited until you press “Cancel” (at least 60 s recommended).</translation>
    </message>
    <message>
        <location line="+65" />
        <source>Очистить список</source>
        <translation>Clear the list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Удалить из списка все номера ({n})?</source>
        <translation>Remove all {n} numbers from the list?</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Загрузить список номеров</source>
        <translation>Load phone list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Списки номеров (*.txt *.csv);;Все файлы (*)</source>
        <translation>Phone lists (*.txt *.csv);;All files (*)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Сохранить список номеров</source>
        <translation>Save phone list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Списки номеров (*.txt)</source>
        <translation>Phone lists (*.txt)</translation>
    </message>
    <message>
        <location filename="../app/ui/runner.py" line="+31" />
        <source>Ошибка ввода-вывода: {reason}</source>
        <translation>Input/output error: {reason}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Внутренняя ошибка программы; подробности записаны в журнал программы. Сообщите о ней разработчикам.</source>
        <translation>An internal error of the program; the details are in the program's log file. Please report it to the developers.</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Дождитесь окончания операции «{name}» или отмените её</source>
        <translation>Wait for “{name}” to finish or cancel it</translation>
    </message>
    <message>
        <location filename="../app/ui/settings_column.py" line="-12" />
        <source>неизвестна — показаны все параметры</source>
        <translation>unknown — all parameters shown</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Версия ВПО модуля, например 2.7 или строка версии из статуса; заполняется при чтении статуса</source>
        <translation>Module firmware version, e.g. 2.7 or the version string from the status; filled in when the status is read</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+53" />
        <source>Текущий пароль администратора модуля (по умолчанию 12345678)</source>
        <translation>The module's current administrator password (default 12345678)</translation>
    </message>
    <message>
        <location line="-51" />
        <source>Экспертный режим</source>
        <translation>Expert mode</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Версия ВПО модуля</source>
        <translation>Module firmware</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Пароль доступа администратора</source>
        <translation>Administrator password</translation>
    </message>
    <message>
        <location line="+45" />
        <source>Модуль не принял этот пароль (ошибка 0x02): введите действующий</source>
        <translation>The module refused this password (error 0x02): type the current one</translation>
    </message>
    <message>
        <location line="+51" />
        <source>Не выбран: не передаётся, модуль останется в своём режиме.</source>
        <translation>Not chosen: not sent, the module keeps its mode.</translation>
    </message>
    <message>
        <location filename="../app/ui/signal_plot.py" line="+50" />
        <source>рекомендуется не ниже {dbm} дБм</source>
        <translation>at least {dbm} dBm recommended</translation>
    </message>
    <message>
        <location line="+12" />
        <location line="+5" />
        <source>нет данных</source>
        <translation>no data</translation>
    </message>
    <message>
        <location line="+5" />
        <source>достаточный</source>
        <translation>sufficient</translation>
    </message>
    <message>
        <location line="+0" />
        <source>ниже рекомендуемого</source>
        <translation>below the recommended level</translation>
    </message>
    <message>
        <location line="+50" />
        <source>{dbm} дБм</source>
        <translation>{dbm} dBm</translation>
    </message>
    <message>
        <location line="+7" />
        <source>последние {minutes} мин</source>
        <translation>last {minutes} min</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Нет измерений: нажмите «Начать»</source>
        <translation>No measurements: press “Start”</translation>
    </message>
    <message>
        <location filename="../app/ui/status_tab.py" line="-150" />
        <source>Запросить статус</source>
        <translation>Request status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить расширенный статус</source>
        <translation>Request extended status</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить IMEI</source>
        <translation>Request IMEI</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить текущий IP</source>
        <translation>Request current IP</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить текущий IPv6</source>
        <translation>Request current IPv6</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить ICCID</source>
        <translation>Request ICCID</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запросить всё</source>
        <translation>Request everything</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Все запросы состояния по очереди, в одну панель</source>
        <translation>Every status request in turn, into one panel</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_workspace.py" line="-392" />
        <location filename="../app/ui/status_tab.py" line="+4" />
        <location filename="../app/ui/transfer_tab.py" line="+8" />
        <location filename="../app/ui/utmc/device_dialog.py" line="+127" />
        <location filename="../app/ui/utmc/workspace.py" line="+83" />
        <source>Отмена</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../app/ui/status_tab.py" line="+2" />
        <location line="+133" />
        <source>Нет запроса, который можно отменить</source>
        <translation>No request to cancel</translation>
    </message>
    <message>
        <location line="-131" />
        <source>Очистить состояние</source>
        <translation>Clear status</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Команды {commands} без параметров — по одному SMS на каждый номер списка; ответы модулей показываются ниже</source>
        <translation>The commands {commands} without parameters, one SMS each to every phone of the list; the modules' replies are shown below</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Настройки модулей по SMS</source>
        <translation>Module settings by SMS</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Статус модуля</source>
        <translation>Module status</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Состояние</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Прочее</source>
        <translation>Other</translation>
    </message>
    <message>
        <location line="+23" />
        <source>Качество сигнала</source>
        <translation>Signal quality</translation>
    </message>
    <message>
        <location line="+37" />
        <source>{what}: {where}…</source>
        <translation>{what}: {where}…</translation>
    </message>
    <message>
        <location line="+6" />
        <source>{what}: прочитано в {time}, {where}</source>
        <translation>{what}: read at {time}, {where}</translation>
    </message>
    <message>
        <location line="+19" />
        <source>{what} — не прочитано</source>
        <translation>{what} — not read</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Телефон</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../app/ui/transfer_tab.py" line="+23" />
        <source>Параметр / телефон</source>
        <translation>Parameter / phone</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_table.py" line="+36" />
        <location filename="../app/ui/status_tab.py" line="+0" />
        <location filename="../app/ui/transfer_tab.py" line="+0" />
        <source>Результат</source>
        <translation>Result</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Группа</source>
        <translation>Group</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Итог</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Уровень сигнала</source>
        <translation>Signal level</translation>
    </message>
    <message>
        <location line="+0" />
        <source>IMEI</source>
        <translation>IMEI</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Длительность, с</source>
        <translation>Duration, s</translation>
    </message>
    <message>
        <location line="+72" />
        <source>Идёт обмен…</source>
        <translation>In progress…</translation>
    </message>
    <message>
        <location line="+57" />
        <source>Не прочитан: {n}</source>
        <translation>Not read: {n}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Уровень сигнала, устройств</source>
        <translation>Signal level, devices</translation>
    </message>
    <message>
        <location filename="../app/ui/transfer_tab.py" line="-26" />
        <source>Прочитать настройки из модуля и заполнить ими форму: прочитать, изменить, отправить</source>
        <translation>Read the settings from the module and fill the form with them: read, change, send</translation>
    </message>
    <message>
        <location line="+5" />
        <location line="+76" />
        <source>Нет передачи, которую можно отменить</source>
        <translation>No transfer to cancel</translation>
    </message>
    <message>
        <location line="-43" />
        <source>Копировать текст</source>
        <translation>Copy text</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Загрузить в форму</source>
        <translation>Load into the form</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Перенести настройки, прочитанные с SIM-карты, в форму настроек</source>
        <translation>Put the settings read from the SIM card into the settings form</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Новые настройки гарантированно применены только после ответа на все сообщения. Команда смены режима работы (MODE) отправляется последней: модуль перезагружается.</source>
        <translation>The new settings are guaranteed to be applied only after every message is answered. The mode command (MODE) is sent last: the module restarts.</translation>
    </message>
    <message>
        <location line="+43" />
        <source>ошибка</source>
        <translation>failed</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Завершено с ошибками</source>
        <translation>Finished with errors</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Остановлено: {reason}</source>
        <translation>Stopped: {reason}</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/actions.py" line="+109" />
        <source>Пароль настроек — число 0…65535</source>
        <translation>Settings password is a number 0…65535</translation>
    </message>
    <message>
        <location line="+48" />
        <source>Найдено COM-портов: {n}</source>
        <translation>COM ports found: {n}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>COM-порты не найдены: подключите УТМЦ кабелем USB и нажмите «Обновить»</source>
        <translation>No COM ports found: connect the UTMC with a USB cable and press “Refresh”</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Отключение</source>
        <translation>Disconnecting</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Отключено</source>
        <translation>Disconnected</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Подключение</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Порт открыт; нажмите «Установить связь»</source>
        <translation>Port open; press “Establish connection”</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+1" />
        <source>Поиск УТМЦ</source>
        <translation>UTMC search</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Найдено УТМЦ: {n} ({list})</source>
        <translation>UTMC found: {n} ({list})</translation>
    </message>
    <message>
        <location line="+3" />
        <source>УТМЦ в сети не найдены: проверьте подключение или введите IP-адрес</source>
        <translation>No UTMC found on the network: check the connection or type the IP address</translation>
    </message>
    <message>
        <location line="+3" />
        <location filename="../app/ui/utmc/connection_panel.py" line="+106" />
        <source>Установить связь</source>
        <translation>Establish connection</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Связь установлена: УТМЦ {serial}, ПО {version}</source>
        <translation>Connected: UTMC {serial}, firmware {version}</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Чтение параметров</source>
        <translation>Reading parameters</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Прочитано {n}; не прочитаны: {failed}</source>
        <translation>Read {n}; not read: {failed}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Прочитано параметров: {n}</source>
        <translation>Parameters read: {n}</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Запись параметров</source>
        <translation>Writing parameters</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Записано {n}; не записаны: {failed}</source>
        <translation>Written {n}; not written: {failed}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Записано параметров: {n}</source>
        <translation>Parameters written: {n}</translation>
    </message>
    <message>
        <location line="+13" />
        <source>Чтение приборов</source>
        <translation>Reading devices</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Канал {channel}: прочитано приборов из УТМЦ: {n}</source>
        <translation>Channel {channel}: devices read from the UTMC: {n}</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Чтение приборов канала для сравнения</source>
        <translation>Reading the channel's devices to compare</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Канал {channel}: в УТМЦ уже этот список приборов — записывать нечего</source>
        <translation>Channel {channel}: the UTMC already holds this device list — nothing to write</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Канал {channel}: проверьте изменения и подтвердите запись</source>
        <translation>Channel {channel}: check the changes and confirm the write</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Запись приборов отменена: УТМЦ не изменено</source>
        <translation>Device write cancelled: the UTMC was not changed</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Запись приборов</source>
        <translation>Writing devices</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Опрос всех устройств</source>
        <translation>Polling all devices</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Опрошено приборов: {polled}, ответили: {answered}</source>
        <translation>Devices polled: {polled}, answered: {answered}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Опрос устройства</source>
        <translation>Polling a device</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Прибор {number}: опросить удалось (1)</source>
        <translation>Device {number}: polled (1)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Прибор {number}: не опрошен (0)</source>
        <translation>Device {number}: not polled (0)</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Прочитать список приборов из файла</source>
        <translation>Read the device list from a file</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Списки приборов (*.txt *.csv *.xlsx);;Все файлы (*)</source>
        <translation>Device lists (*.txt *.csv *.xlsx);;All files (*)</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Список приборов не загружен, таблица не изменена</source>
        <translation>Device list not loaded; the table is unchanged</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Из файла {name} добавлено приборов: {n}; нажмите «Записать приборы»</source>
        <translation>Devices added from {name}: {n}; press “Write devices”</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Сохранить список приборов</source>
        <translation>Save device list</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Текст через «;» (*.txt);;Книга Excel (*.xlsx)</source>
        <translation>Text separated by “;” (*.txt);;Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Список приборов сохранён: {path}</source>
        <translation>Device list saved: {path}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Сохранить настройки УТМЦ</source>
        <translation>Save UTMC settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройки УТМЦ (*.json)</source>
        <translation>UTMC settings (*.json)</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Настройки ({n}) сохранены в {path}</source>
        <translation>Settings ({n}) saved to {path}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Прочитать настройки УТМЦ</source>
        <translation>Read UTMC settings</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Настройки УТМЦ (*.json);;Все файлы (*)</source>
        <translation>UTMC settings (*.json);;All files (*)</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Настройки из файла ({n}) загружены в форму. Чтобы записать их в УТМЦ, отметьте строки и нажмите «Записать».</source>
        <translation>Settings from the file ({n}) are in the form. To write them to the UTMC, tick the rows and press “Write”.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Файл прошивки</source>
        <translation>Firmware file</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Прошивка (*.hex)</source>
        <translation>Firmware (*.hex)</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Проверка файла прошивки</source>
        <translation>Checking the firmware file</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Файл прошивки отклонён, ничего не отправлено</source>
        <translation>Firmware file rejected, nothing sent</translation>
    </message>
    <message>
        <location line="-341" />
        <location line="+12" />
        <location line="+331" />
        <source>Загрузка файла прошивки</source>
        <translation>Uploading the firmware file</translation>
    </message>
    <message>
        <location line="-342" />
        <source>Загрузка отменена: файл на SD-карту УТМЦ не загружен. Выберите файл ещё раз, чтобы загрузить его.</source>
        <translation>Upload cancelled: the file is not on the UTMC's SD card. Choose the file again to upload it.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Файл на SD-карту УТМЦ не загружен: {reason}</source>
        <translation>The file is not on the UTMC's SD card: {reason}</translation>
    </message>
    <message>
        <location line="+336" />
        <source>{name} загружен на SD-карту ({size} байт, CRC32 {crc:08X}); нажмите «Обновить»</source>
        <translation>{name} uploaded to the SD card ({size} bytes, CRC32 {crc:08X}); press “Update”</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Файл прошивки загружен</source>
        <translation>Firmware file uploaded</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Сначала загрузите файл прошивки</source>
        <translation>Upload a firmware file first</translation>
    </message>
    <message>
        <location line="+9" />
        <location filename="../app/ui/utmc/files_page.py" line="+60" />
        <source>Обновление ПО</source>
        <translation>Firmware update</translation>
    </message>
    <message>
        <location line="+5" />
        <source>ПО обновляется, новый ID ПО {id}. Через 1–2 минуты нажмите «Установить связь».</source>
        <translation>The firmware is updating, new firmware ID {id}. Press “Establish connection” in 1–2 minutes.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Обновление запущено, ID ПО {id}; УТМЦ перезапускается</source>
        <translation>Update started, firmware ID {id}; the UTMC restarts</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Задайте путь к файлу журнала, например 2025/01/09/12.dat</source>
        <translation>Give the log file path, e.g. 2025/01/09/12.dat</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Куда выгрузить файл</source>
        <translation>Where to save the file</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Все файлы (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Выгрузка файла</source>
        <translation>Downloading a file</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Файл {path} ({size} байт) сохранён: {destination}</source>
        <translation>File {path} ({size} bytes) saved: {destination}</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../app/ui/utmc/files_page.py" line="+53" />
        <source>Передача на сервер</source>
        <translation>Transfer to the server</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Внеочередная передача журнала на сервер запущена</source>
        <translation>Unscheduled log transfer to the server started</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/address_help.py" line="+36" />
        <source>адрес {address}</source>
        <translation>address {address}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>скорость {baud}</source>
        <translation>speed {baud}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>версия {version}</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Для этой модели в руководстве нет особых указаний: адрес и скорость задайте по документации на прибор.</source>
        <translation>The manual gives nothing special for this model: set the address and speed from the device's documentation.</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Скорость по руководству: {baud}</source>
        <translation>Speed per the manual: {baud}</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Для всех приборов:</source>
        <translation>For every device:</translation>
    </message>
    <message>
        <location line="+10" />
        <source>Подсказка по подключению прибора</source>
        <translation>Device connection hint</translation>
    </message>
    <message>
        <location line="+8" />
        <source>как на корпусе прибора, например 8412415</source>
        <translation>as on the device's case, e.g. 8412415</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Модель прибора</source>
        <translation>Device model</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Заводской номер</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Применить</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Закрыть</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Предлагаемый адрес:</source>
        <translation>Suggested address:</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Правила адреса для этой модели в руководстве нет — смотрите примечания.</source>
        <translation>The manual gives no address rule for this model — see the notes.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Введите заводской номер, чтобы получить адрес.</source>
        <translation>Type the serial number to get the address.</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/connection_panel.py" line="-48" />
        <source>Интерфейс связи с концентратором</source>
        <translation>Interface to the concentrator</translation>
    </message>
    <message>
        <location line="+14" />
        <source>Обновить</source>
        <translation>Update firmware</translation>
    </message>
    <message>
        <location line="+14" />
        <source>IP-адрес УТМЦ</source>
        <translation>UTMC IP address</translation>
    </message>
    <message>
        <location line="+5" />
        <source>«Порт контроля по сети» УТМЦ</source>
        <translation>UTMC “network control port”</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Поиск</source>
        <translation>Search</translation>
    </message>
    <message>
        <location line="+11" />
        <location line="+87" />
        <source>Подключить COM</source>
        <translation>Connect COM</translation>
    </message>
    <message>
        <location line="-71" />
        <source>УТМЦ</source>
        <translation>UTMC</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Пароль доступа к настройкам УТМЦ: число 0…65535, по умолчанию 0. Передаётся при каждой записи.</source>
        <translation>UTMC settings password: a number 0…65535, default 0. Sent with every write.</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_table.py" line="-137" />
        <location filename="../app/ui/utmc/connection_panel.py" line="+3" />
        <location filename="../app/ui/utmc/device_dialog.py" line="-11" />
        <source>Серийный номер</source>
        <translation>Serial number</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/connection_panel.py" line="+0" />
        <source>Версия ПО</source>
        <translation>Firmware version</translation>
    </message>
    <message>
        <location line="+1" />
        <source>ID ПО</source>
        <translation>Firmware ID</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Пароль настроек</source>
        <translation>Settings password</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Файлы настроек</source>
        <translation>Settings files</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../app/ui/utmc/devices_page.py" line="+76" />
        <location filename="../app/ui/utmc/param_page.py" line="+38" />
        <source>Записать</source>
        <translation>Write</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Сохранить в файл все настройки из формы</source>
        <translation>Save every setting of the form to a file</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../app/ui/utmc/devices_page.py" line="-3" />
        <location filename="../app/ui/utmc/param_page.py" line="-2" />
        <source>Прочитать</source>
        <translation>Read</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Загрузить настройки из файла в форму; в УТМЦ они запишутся только по «Записать»</source>
        <translation>Load settings from a file into the form; they reach the UTMC only with “Write”</translation>
    </message>
    <message>
        <location line="+1" />
        <source>с паролями</source>
        <translation>with passwords</translation>
    </message>
    <message>
        <location line="+40" />
        <source>Отключить</source>
        <translation>Disconnect</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Подключить</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Соединение открыто: чтобы выбрать другой порт или адрес, сначала нажмите «Отключить»</source>
        <translation>The connection is open: to choose another port or address, press “Disconnect” first</translation>
    </message>
    <message>
        <location line="+36" />
        <source>Серийный номер {serial}, порт {port}</source>
        <translation>Serial number {serial}, port {port}</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/device_dialog.py" line="-56" />
        <source>Изменить прибор</source>
        <translation>Edit device</translation>
    </message>
    <message>
        <location line="+0" />
        <location line="+66" />
        <location filename="../app/ui/utmc/devices_page.py" line="+21" />
        <source>Добавить прибор</source>
        <translation>Add device</translation>
    </message>
    <message>
        <location line="-56" />
        <source>последние 8 цифр</source>
        <translation>last 8 digits</translation>
    </message>
    <message>
        <location line="+7" />
        <source>3 прописные буквы, например ENM</source>
        <translation>3 capital letters, e.g. ENM</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Подсказка по адресу…</source>
        <translation>Address hint…</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_table.py" line="+0" />
        <location filename="../app/ui/utmc/device_dialog.py" line="+14" />
        <source>Канал</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/device_dialog.py" line="+1" />
        <source>Номер устройства</source>
        <translation>Device number</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Модель</source>
        <translation>Model</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Интерфейсы</source>
        <translation>Interfaces</translation>
    </message>
    <message>
        <location filename="../app/ui/fleet_table.py" line="+1" />
        <location filename="../app/ui/utmc/device_dialog.py" line="+2" />
        <source>Версия</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/device_dialog.py" line="+1" />
        <source>Производитель</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Сетевой адрес</source>
        <translation>Network address</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Скорость обмена</source>
        <translation>Baud rate</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Примечание</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Признаки</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Сохранить</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+41" />
        <source>Особых указаний по подключению в руководстве нет.</source>
        <translation>The manual gives no special connection instructions.</translation>
    </message>
    <message>
        <location line="+39" />
        <source>Выберите модель прибора</source>
        <translation>Choose the device model</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Введите серийный номер (последние 8 цифр)</source>
        <translation>Type the serial number (last 8 digits)</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Введите сетевой адрес</source>
        <translation>Type the network address</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Номер {number} уже занят другим прибором</source>
        <translation>Number {number} is taken by another device</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/device_table.py" line="+32" />
        <source>1 — опрошен</source>
        <translation>1 — polled</translation>
    </message>
    <message>
        <location line="+0" />
        <source>0 — не опрошен</source>
        <translation>0 — not polled</translation>
    </message>
    <message>
        <location line="+85" />
        <source>Результат опроса</source>
        <translation>Poll result</translation>
    </message>
    <message>
        <location line="+16" />
        <source>1 — опросить удалось</source>
        <translation>1 — polled</translation>
    </message>
    <message>
        <location line="+0" />
        <source>0 — прибор не опрошен</source>
        <translation>0 — not polled</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/devices_page.py" line="-41" />
        <source>Канал {n} (приборы {first}…{last})</source>
        <translation>Channel {n} (devices {first}…{last})</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Канал {n}</source>
        <translation>Channel {n}</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Изменить</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Удалить</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location line="-38" />
        <source>Выбор интерфейса (каналы 1–8)</source>
        <translation>Interface choice (channels 1–8)</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Интерфейс канала {n}</source>
        <translation>Interface of channel {n}</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Прочитать интерфейсы всех каналов из УТМЦ</source>
        <translation>Read every channel's interface from the UTMC</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Записать интерфейсы всех каналов в УТМЦ</source>
        <translation>Write every channel's interface to the UTMC</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Список из файла…</source>
        <translation>List from a file…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Прочитать список приборов из файла (текст через «;» или книга Excel)</source>
        <translation>Read the device list from a file (text with “;” or an Excel workbook)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Список в файл…</source>
        <translation>List to a file…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Сохранить список приборов в файл (текст через «;» или книга Excel)</source>
        <translation>Save the device list to a file (text with “;” or an Excel workbook)</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Записать приборы</source>
        <translation>Write devices</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Прочитать приборы</source>
        <translation>Read devices</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Опросить все устройства</source>
        <translation>Poll all devices</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Опросить устройство</source>
        <translation>Poll device</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Канал УТМЦ</source>
        <translation>UTMC channel</translation>
    </message>
    <message>
        <location line="+49" />
        <source>приборов в канале: {n} из {max}</source>
        <translation>devices in the channel: {n} of {max}</translation>
    </message>
    <message>
        <location line="+29" />
        <source>В канале {n} уже {max} приборов — больше добавить нельзя</source>
        <translation>Channel {n} already has {max} devices — no more can be added</translation>
    </message>
    <message>
        <location line="+8" />
        <location line="+28" />
        <source>Выберите прибор в таблице</source>
        <translation>Choose a device in the table</translation>
    </message>
    <message>
        <location line="-11" />
        <source>Прибор {number} добавлен; нажмите «Записать приборы», чтобы занести список в УТМЦ</source>
        <translation>Device {number} added; press “Write devices” to store the list in the UTMC</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Прибор {number} изменён</source>
        <translation>Device {number} changed</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Прибор {number} удалён из таблицы</source>
        <translation>Device {number} removed from the table</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Выберите прибор в таблице, чтобы опросить его</source>
        <translation>Choose a device in the table to poll it</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/files_page.py" line="-52" />
        <source>Загрузить файл</source>
        <translation>Upload file</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Выбрать файл прошивки «.hex», проверить его и загрузить на SD-карту УТМЦ</source>
        <translation>Choose a “.hex” firmware file, check it and upload it to the UTMC's SD card</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Обновить</source>
        <comment>firmware update</comment>
        <translation>Update firmware</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Файл не выбран</source>
        <translation>No file chosen</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Обновление занимает примерно 1–2 минуты; после него подключитесь к УТМЦ заново.</source>
        <translation>The update takes about 1–2 minutes; connect to the UTMC again afterwards.</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Файлы журнала</source>
        <translation>Log files</translation>
    </message>
    <message>
        <location line="+3" />
        <source>ГГГГ/ММ/ДД/чч.dat, например 2025/01/09/12.dat</source>
        <translation>YYYY/MM/DD/hh.dat, e.g. 2025/01/09/12.dat</translation>
    </message>
    <message>
        <location line="+9" />
        <source> ч</source>
        <translation> h</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Выгрузить файл</source>
        <translation>Download file</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Дата и час</source>
        <translation>Date and hour</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Путь к файлу</source>
        <translation>File path</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Сервер</source>
        <translation>Server</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Внеочередная передача журнала УТМЦ на сервер</source>
        <translation>Unscheduled transfer of the UTMC log to the server</translation>
    </message>
    <message>
        <location line="+34" />
        <source>Сначала загрузите файл прошивки на УТМЦ кнопкой «Загрузить файл»</source>
        <translation>First upload a firmware file to the UTMC with “Upload file”</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Применить загруженный файл: УТМЦ обновит ПО и перезапустится</source>
        <translation>Apply the uploaded file: the UTMC updates its firmware and restarts</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Файл отклонён, ничего не отправлено: {reason}</source>
        <translation>File rejected, nothing sent: {reason}</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Файл не прочитан: {reason}</source>
        <translation>File not read: {reason}</translation>
    </message>
    <message>
        <location line="+5" />
        <source>{name}: {size} байт, адрес {start:#010x}, CRC32 {crc} — файл проверен</source>
        <translation>{name}: {size} bytes, address {start:#010x}, CRC32 {crc} — file checked</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/param_page.py" line="-4" />
        <source>Выбрать все</source>
        <translation>Select all</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Снять выбор</source>
        <translation>Clear selection</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Синхронизировать время</source>
        <translation>Synchronise time</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Ставит время ПК в колонку «Значение»; в УТМЦ запишется только по «Записать»</source>
        <translation>Puts the PC's time in the “Value” column; it reaches the UTMC only with “Write”</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Время ПК {time} подставлено; нажмите «Записать», чтобы записать его в УТМЦ</source>
        <translation>PC time {time} filled in; press “Write” to write it to the UTMC</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Отметьте в колонке «1» параметры для чтения</source>
        <translation>Tick the parameters to read in column “1”</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Отметьте в колонке «1» параметры для записи (доступные для записи)</source>
        <translation>Tick the parameters to write in column “1” (writable ones)</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Не записано, исправьте значения:</source>
        <translation>Not written, correct the values:</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/param_table.py" line="+0" />
        <source>Параметр</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Отметьте строки для чтения или записи</source>
        <translation>Tick rows to read or write</translation>
    </message>
    <message>
        <location line="+51" />
        <source>Ошибок нет</source>
        <translation>No errors</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Допустимо: {values}</source>
        <translation>Allowed: {values}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Диапазон: {lo}…{hi}</source>
        <translation>Range: {lo}…{hi}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Формат: ГГГГ-ММ-ДД чч:мм:сс</source>
        <translation>Format: YYYY-MM-DD hh:mm:ss</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Только чтение</source>
        <translation>Read only</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Только запись: УТМЦ его не возвращает</source>
        <translation>Write only: the UTMC does not return it</translation>
    </message>
    <message>
        <location line="+75" />
        <source>«{name}»: значение не задано</source>
        <translation>“{name}”: no value</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/workspace.py" line="-13" />
        <source>Файлы</source>
        <translation>Files</translation>
    </message>
    <message>
        <location line="+15" />
        <location line="+92" />
        <source>Нет операции, которую можно отменить</source>
        <translation>No operation to cancel</translation>
    </message>
    <message>
        <location line="-23" />
        <source>{name}…</source>
        <translation>{name}…</translation>
    </message>
    <message>
        <location line="+12" />
        <source>Ошибка: </source>
        <translation>Error: </translation>
    </message>
    <message>
        <location line="+6" />
        <source>Отменено: {name}</source>
        <translation>Cancelled: {name}</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Идёт операция «{name}»: дождитесь её окончания или нажмите «Отмена»</source>
        <translation>“{name}” is running: wait until it ends or press “Cancel”</translation>
    </message>
    <message>
        <location filename="../app/ui/parameter_form.py" line="+47" />
        <source>SMS-команда {command} есть с ВПО {since}, а у модуля {version}: по SMS и через Мастер SIM это значение не передаётся</source>
        <translation>The SMS command {command} exists from firmware {since}, the module has {version}: this value is not delivered by SMS or through a Master SIM</translation>
    </message>
    <message>
        <location filename="../app/ui/backup_question.py" line="+18" />
        <source>Резервная копия не сделана</source>
        <translation>No backup made</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Записать без резервной копии? Вернуть прежние настройки будет не из чего.</source>
        <translation>Write without a backup? There will be nothing to restore the previous settings from.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Записать без резервной копии</source>
        <translation>Write without a backup</translation>
    </message>
    <message>
        <location filename="../app/ui/module_settings_reader.py" line="-50" />
        <source>в форме было: {value}</source>
        <translation>the form had: {value}</translation>
    </message>
    <message>
        <location line="+7" />
        <source>прочитано</source>
        <translation>read</translation>
    </message>
    <message>
        <location line="+2" />
        <source>не прочитано — {why}</source>
        <translation>not read — {why}</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Настройки прочитаны из модуля ({where}) и перенесены в форму: параметров {n}, отличались от формы {changed}.</source>
        <translation>Settings read from the module ({where}) and put into the form: {n} parameters, {changed} differed from the form.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Не прочитаны: {n} — в форме прежние значения.</source>
        <translation>Not read: {n} — the form keeps its values for them.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Пароли доступа модуль не сообщает: поля нового пароля не изменены.</source>
        <translation>The module does not tell its access passwords: the new-password fields are unchanged.</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Измените нужное и нажмите «Отправить».</source>
        <translation>Change what you need and press “Send”.</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Прочитать настройки модуля можно по прямому каналу, TCP/IP, TCP/IP CENC или по SMS; настройки с SIM-карты читает «Прочитать из SIM».</source>
        <translation>The module's settings can be read over the direct channel, TCP/IP, TCP/IP CENC or by SMS; “Read from SIM” reads the settings on a SIM card.</translation>
    </message>
    <message>
        <location line="+15" />
        <location filename="../app/ui/transfer_tab.py" line="-139" />
        <source>Прочитать настройки</source>
        <translation>Read settings</translation>
    </message>
    <message>
        <location line="+16" />
        <source>Выберите в списке номер модуля, настройки которого прочитать (или оставьте в списке один номер)</source>
        <translation>Choose in the list the number of the module whose settings to read (or leave one number in the list)</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Запрос настроек по SMS: {phone}…</source>
        <translation>Asking for the settings by SMS: {phone}…</translation>
    </message>
    <message>
        <location line="+13" />
        <source>прочитано по SMS</source>
        <translation>read by SMS</translation>
    </message>
    <message>
        <location line="+10" />
        <source>нет ответа</source>
        <translation>no reply</translation>
    </message>
    <message>
        <location line="+1" />
        <source>По SMS прочитано и перенесено в форму параметров: {n} ({phone}). По SMS модуль сообщает только режим, APN, сервер и порт, периоды соединения и переинициализации; остальные поля формы не изменены.</source>
        <translation>Read by SMS and put into the form: {n} parameters ({phone}). By SMS the module tells only the mode, APN, server and port, the connection and re-initialisation periods; the other fields of the form are unchanged.</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Прочитать настройки по SMS</source>
        <translation>Read settings by SMS</translation>
    </message>
    <message>
        <location filename="../app/ui/utmc/device_diff_dialog.py" line="+52" />
        <source>, примечание {note}</source>
        <translation>, note {note}</translation>
    </message>
    <message>
        <location line="+55" />
        <source>Запись приборов в УТМЦ: что изменится</source>
        <translation>Writing devices to the UTMC: what changes</translation>
    </message>
    <message>
        <location line="-36" />
        <source>Изменение</source>
        <translation>Change</translation>
    </message>
    <message>
        <location line="-25" />
        <source>{model}, № {serial}</source>
        <translation>{model}, No. {serial}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>адрес {address}, {baud} бит/с, версия {version}, {manufacturer}</source>
        <translation>address {address}, {baud} bit/s, version {version}, {manufacturer}</translation>
    </message>
    <message>
        <location line="+21" />
        <source>Прибор</source>
        <translation>Device</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Что меняется</source>
        <translation>What changes</translation>
    </message>
    <message>
        <location line="+45" />
        <source>− удалится</source>
        <translation>− removed</translation>
    </message>
    <message>
        <location line="+2" />
        <source>≠ изменится</source>
        <translation>≠ changed</translation>
    </message>
    <message>
        <location line="+2" />
        <source>+ добавится</source>
        <translation>+ added</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Перед записью список, который сейчас в УТМЦ, сохраняется как резервная копия; её можно записать обратно (файл — обычный список приборов).</source>
        <translation>Before the write the list the UTMC holds now is kept as a backup; it can be written back (the file is an ordinary device list).</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Удалить из УТМЦ приборов: {n}</source>
        <translation>Remove from the UTMC: {n} devices</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Приборы, отмеченные «− удалится», УТМЦ перестанет опрашивать. Если это не нужно, нажмите «Отмена» и прочитайте список из УТМЦ.</source>
        <translation>The UTMC will stop polling the devices marked “− removed”. If that is not wanted, press “Cancel” and read the list from the UTMC.</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Записать в УТМЦ</source>
        <translation>Write to the UTMC</translation>
    </message>
    <message>
        <location filename="../app/ui/templates_dialog.py" line="+32" />
        <source>Шаблоны</source>
        <translation>Templates</translation>
    </message>
    <message>
        <location line="+11" />
        <source>Сохранить копию…</source>
        <translation>Save a copy…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Сохранить копию выбранного шаблона в папку, которую вы укажете</source>
        <translation>Save a copy of the chosen template in a folder you choose</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Образцы файлов, которые читает программа. Сохраните копию, заполните её и откройте в программе.</source>
        <translation>Sample files the program reads. Save a copy, fill it in and open it in the program.</translation>
    </message>
    <message>
        <location line="+25" />
        <source>Сохранить копию шаблона</source>
        <translation>Save a copy of the template</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Файлы {suffix} (*{suffix})</source>
        <translation>{suffix} files (*{suffix})</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Копия не сохранена ({path}): {reason}</source>
        <translation>The copy is not saved ({path}): {reason}</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Копия сохранена: {path}</source>
        <translation>Copy saved: {path}</translation>
    </message>
    <message>
        <location filename="../app/ui/modem_check_widgets.py" line="+46" />
        <source>Проверка модема</source>
        <translation>Modem check</translation>
    </message>
    <message>
        <location line="+42" />
        <source>PIN-код SIM-карты</source>
        <translation>SIM card PIN</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SIM-карта в модеме запрашивает PIN-код. Программа вводит его один раз и не повторяет ввод сама.</source>
        <translation>The SIM card in the modem asks for its PIN. The program enters it once and never repeats it by itself.</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Осталась последняя попытка: после неверного PIN-кода SIM-карта заблокируется и потребуется PUK-код.</source>
        <translation>One try is left: after a wrong PIN the SIM card is blocked and a PUK is needed.</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Осталось попыток: {n}.</source>
        <translation>Tries left: {n}.</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Модем не сообщает, сколько попыток осталось: после трёх неверных PIN-кодов подряд SIM-карта блокируется.</source>
        <translation>The modem does not say how many tries are left: three wrong PINs in a row block the SIM card.</translation>
    </message>
    <message>
        <location line="+11" />
        <source>от 4 до 8 цифр</source>
        <translation>4 to 8 digits</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Запомнить PIN-код на этом компьютере</source>
        <translation>Remember the PIN on this computer</translation>
    </message>
    <message>
        <location line="+2" />
        <source>PIN-код будет записан в файл настроек программы открытым текстом</source>
        <translation>The PIN is written to the program's settings file as plain text</translation>
    </message>
    <message>
        <location filename="../app/ui/led_indication.py" line="-12" />
        <source>Индикация светодиодов модуля</source>
        <translation>Module LED indication</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Индикация светодиодов</source>
        <translation>LED indication</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Что означают светодиоды модуля (приложения руководств)</source>
        <translation>What the module's LEDs mean (the manuals' appendices)</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Светодиод</source>
        <translation>LED</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Индикация</source>
        <translation>Indication</translation>
    </message>
</context>
</TS>