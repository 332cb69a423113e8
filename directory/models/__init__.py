from directory.models.advisor import Advisor, AdvisorStatus, Track
from directory.models.consent import SUBMISSION_CONSENT_VERSION, Consent
from directory.models.criteria import EntryCriteria
from directory.models.imports import ClaimInvitation, ImportRun
from directory.models.qualifications import ClientReference, ExternalRegistration, MentorConfirmation, Qualification
from directory.models.search_index import SearchEntry, SearchFacetValue, SearchOutbox
from directory.models.verification import VerificationEvent
from directory.models.vocabularies import ConsultingTopic, FederalState, Industry, Language, TaggedIndustry, TaggedTopic

__all__ = [
    "Advisor",
    "AdvisorStatus",
    "ClaimInvitation",
    "ClientReference",
    "Consent",
    "ConsultingTopic",
    "EntryCriteria",
    "ExternalRegistration",
    "FederalState",
    "ImportRun",
    "Industry",
    "Language",
    "MentorConfirmation",
    "Qualification",
    "SUBMISSION_CONSENT_VERSION",
    "SearchEntry",
    "SearchFacetValue",
    "SearchOutbox",
    "TaggedIndustry",
    "TaggedTopic",
    "Track",
    "VerificationEvent",
]
