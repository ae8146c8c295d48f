"""The Energomera-family configurator application (GUI, CLI and the operations behind them)."""
