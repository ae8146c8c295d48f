"""The parameter catalogue: the module types, one declaration per module and UTMC-700 parameter,
its value rules and the delivery methods that carry it.
"""
