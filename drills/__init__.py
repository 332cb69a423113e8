"""Security and resilience drills (issue 9): the site served like production, attacked and measured."""
