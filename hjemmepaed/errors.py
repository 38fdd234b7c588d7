"""The one exception a service raises when a rule of the domain is broken.

Views turn it into a form error (or a message); the text is Danish for the user, through
gettext, and names the rule that was broken.
"""


class DomainError(Exception):
    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def domain_error_to_form(form, error: DomainError) -> None:
    """Show a broken rule on the form: at its field when the form has that field, else at the top.
    What the user typed stays in the form, as the view renders it again."""
    form.add_error(error.field if error.field in form.fields else None, error.message)
