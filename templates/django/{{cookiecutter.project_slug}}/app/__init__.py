"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

__title__ = "{{ cookiecutter.project_name }}"
__version__ = "{{ cookiecutter.version }}"
