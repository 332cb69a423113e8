def log_in_to_admin(page, username, password, wait_for_dashboard=True):
    """A fresh Wagtail admin login (cookies cleared first)."""
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Anmelden").click()
    if wait_for_dashboard:
        page.wait_for_url("**/admin/")
