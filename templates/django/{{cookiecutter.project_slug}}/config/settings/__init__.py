"""One module per APP_ENV (development, test, production), each starting from `base`.

`config.env.settings_module()` picks the module; DJANGO_SETTINGS_MODULE overrides it.
"""
