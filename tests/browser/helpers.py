def log_in_to_admin(page, username, password, wait_for_dashboard=True):
    """A fresh Wagtail admin login (cookies cleared first)."""
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Anmelden").click()
    if wait_for_dashboard:
        page.wait_for_url("**/admin/")


def add_client_references(page, count=2):
    """Fills and saves the self-service's client reference form `count` times (the entry criteria's minimum)."""
    for n in range(count):
        page.fill("#id_referenz-company", f"Tischlerei {n}")
        page.fill("#id_referenz-contact_name", "Frau Beispiel")
        page.fill("#id_referenz-contact_email", f"kontakt{n}@beispiel.invalid")
        page.fill("#id_referenz-engagement", "Gefährdungsbeurteilung")
        page.fill("#id_referenz-year", "2024")
        page.get_by_role("button", name="Referenz speichern").click()
