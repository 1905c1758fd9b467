from zeren.core.navigation import menu_for


def shell(request):
    """The page shell's context: the sidebar menu and the top bar's user line."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "shell_roles": []}
    return {"menu": menu_for(request), "shell_roles": user.role_labels()}
