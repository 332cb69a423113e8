"""Demo content: the `load_demo_content` command and one content builder per app. It sits just
below om_site, so it may import every app; no app imports it."""
