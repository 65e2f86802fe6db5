"""The SQLAlchemy models; importing this package registers every table on ``Base.metadata``."""

from bot.db.models.base import Base
from bot.db.models.broadcast import BROADCAST_STATUSES, Broadcast
from bot.db.models.chats import CHAT_TYPES, Chat, GroupMember, Learner, chat_is_active
from bot.db.models.content import CONTENT_KINDS, ContentItem, ContentTag, DailyReading
from bot.db.models.delivery import DELIVERY_STATUSES, Delivery, SchedulerTick
from bot.db.models.quiz import QuizAnswer, QuizPoll, QuizSession
from bot.db.models.study import (
    REFLECTION_MAX_CHARS,
    ExcusedDay,
    Reflection,
    ReviewCard,
    Streak,
    StudyDay,
)
from bot.db.models.studyday import StudydayRun, StudydaySchedule

__all__ = [
    "BROADCAST_STATUSES",
    "CHAT_TYPES",
    "CONTENT_KINDS",
    "DELIVERY_STATUSES",
    "REFLECTION_MAX_CHARS",
    "Base",
    "Broadcast",
    "Chat",
    "ContentItem",
    "ContentTag",
    "DailyReading",
    "Delivery",
    "ExcusedDay",
    "GroupMember",
    "Learner",
    "QuizAnswer",
    "QuizPoll",
    "QuizSession",
    "Reflection",
    "ReviewCard",
    "SchedulerTick",
    "Streak",
    "StudyDay",
    "StudydayRun",
    "StudydaySchedule",
    "chat_is_active",
]
