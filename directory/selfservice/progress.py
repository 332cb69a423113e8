"""Where an advisor stands in the self-service: the steps, which are done and what is still missing
in each, and why a step is locked. The criteria come from EntryCriteria.evaluate(), the same check
the submission uses, so the progress shown can never disagree with what submitting demands."""

from dataclasses import dataclass, field

from directory.models import AdvisorStatus, EntryCriteria, Track

# url name, title, the requirement keys (EntryCriteria.requirements) met in this step
STEP_DEFINITIONS = [
    ("directory_self:profile", "Profil", {"experience"}),
    ("directory_self:topics", "Themen und Regionen", {"topics", "regions"}),
    ("directory_self:qualifications", "Qualifikationen", {"qualifications"}),
    ("directory_self:registrations", "Register und Referenzen", {"references", "mentor"}),
    ("directory_self:submit", "Prüfen und einreichen", set()),
]
STEP_COUNT = len(STEP_DEFINITIONS)
SUBMITTED_OR_LATER = {AdvisorStatus.SUBMITTED, AdvisorStatus.IN_REVIEW, AdvisorStatus.PUBLISHED}


@dataclass
class Step:
    url_name: str
    number: int
    title: str
    done: bool
    missing: list = field(default_factory=list)

    @property
    def label(self):
        return f"{self.number}. {self.title}"


def criteria_for(advisor):
    return EntryCriteria.current(advisor.track if advisor else Track.STANDARD)


def progress(advisor):
    """The steps with their state. Without a profile every step is open and names what it asks for."""
    criteria = criteria_for(advisor)
    results = criteria.evaluate(advisor) if criteria else []
    steps = []
    for number, (url_name, title, keys) in enumerate(STEP_DEFINITIONS, start=1):
        missing = [label for key, label, ok in results if key in keys and not ok]
        if keys:
            done = advisor is not None and not missing
        else:  # the last step: done once submitted
            done = advisor is not None and advisor.status in SUBMITTED_OR_LATER
        steps.append(Step(url_name, number, title, done, missing))
    return steps


def step_title(url_name):
    return next(title for name, title, _ in STEP_DEFINITIONS if name == url_name)


def track_overview():
    """Each track's current criteria with the requirement labels, for the overview before step 1."""
    tracks = []
    for track in Track:
        criteria = EntryCriteria.current(track)
        if criteria is not None:
            tracks.append(
                {"name": track.label, "criteria": criteria, "labels": [r.label for r in criteria.requirements()]}
            )
    return tracks


def lock_reason(advisor):
    """Why the profile's steps cannot be edited now, in the advisor's words (None: editable)."""
    return {
        AdvisorStatus.SUBMITTED: "Ihr Profil liegt der OM zur Prüfung vor. Bis zur Entscheidung lassen sich die "
        "Angaben nicht ändern, damit die OM genau das prüft, was Sie eingereicht haben.",
        AdvisorStatus.IN_REVIEW: "Die OM prüft Ihr Profil gerade. Bis zur Entscheidung lassen sich die Angaben "
        "nicht ändern, damit die OM genau das prüft, was Sie eingereicht haben.",
        AdvisorStatus.BLOCKED: "Ihr Profil ist von der OM gesperrt. Die Begründung haben wir Ihnen per E-Mail "
        "geschickt; bei Fragen antworten Sie bitte auf diese E-Mail.",
    }.get(advisor.status)
