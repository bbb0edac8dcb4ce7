"""Running experiments: config loading and validation, execution, the result store.

* :mod:`.errors` -- ``ConfigError``, the one-line error every bad input becomes.
* :mod:`.config` -- TOML experiment configs with ``--set`` overrides.
* :mod:`.execute` -- solving a config and preparing the data behind its figure.
* :mod:`.store` -- writing a results folder atomically.
"""
