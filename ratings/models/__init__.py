from ratings.models.criteria import CriteriaVersion, Criterion
from ratings.models.engagement import Engagement
from ratings.models.rating import CommentState, Rating, RatingReport, RatingScore, RatingStatus

__all__ = [
    "CommentState",
    "CriteriaVersion",
    "Criterion",
    "Engagement",
    "Rating",
    "RatingReport",
    "RatingScore",
    "RatingStatus",
]
