"""What each word of the format's vocabularies means, for the editor's completion list and hover.

The JSON Schema gives every choice (``enum``) its ``enumDescriptions`` from here, in the
vocabulary's own order, and offers the built-in values of the open vocabularies (a touchpoint's
``channel``, the journey's ``language``) while still allowing a journey's own.
Plain data, imported only by ``cjmap schema`` and the tests.
"""

from __future__ import annotations

from cjmap.model.vocabulary import BUILTIN_CHANNELS, METRIC_BETTER, Metric

_CHANNEL_NAMES: dict[str, str] = {
    "web": "Website", "mobile-app": "Mobile app", "email": "Email", "sms": "SMS", "push": "Push notification",
    "social": "Social media", "search": "Search engine", "ads": "Ads", "blog": "Blog", "review-site": "Review site",
    "video": "Video", "chat": "Chat", "chatbot": "Chatbot", "phone": "Phone", "store": "Store", "event": "Event",
    "mail": "Mail", "partner": "Partner", "word-of-mouth": "Word of mouth", "other": "Other",
}


def _channel(channel: str, mode: str | None) -> str:
    return f"{_CHANNEL_NAMES[channel]} ({mode})" if mode else f"{_CHANNEL_NAMES[channel]}: a channel none of the others names"


_METRICS: dict[Metric, str] = {
    "conversion_rate": "Conversion rate: the share of customers who take the stage's step",
    "bounce_rate": "Bounce rate: the share of visitors who leave after one page",
    "time_on_page": "Time on page",
    "cart_abandonment": "Cart abandonment: the share of baskets left before paying",
    "clv": "Customer lifetime value",
    "csat": "Customer satisfaction score",
    "nps": "Net Promoter Score",
    "ces": "Customer effort score",
    "custom": "Any other measure",
}

_LEVELS = {"low": "Low", "medium": "Medium", "high": "High"}

# By the definition and property of the JSON Schema whose values they describe.
VALUES: dict[tuple[str, str], dict[str, str]] = {
    ("JourneyMeta", "type"): {
        "current-state": "The journey as customers live it today (the default).",
        "future-state": "The journey as it should be: a target experience.",
        "day-in-the-life": "A day in the customer's life, beyond the company's touchpoints.",
        "service-blueprint": "The journey with the company's lanes: frontstage, backstage, support and evidence.",
    },
    ("JourneyMeta", "language"): {
        "en": "English labels in renders (the default).",
        "es": "Spanish labels in renders.",
    },
    ("Stage", "kind"): {
        "awareness": "Awareness: the customer learns of a need and of the company.",
        "consideration": "Consideration: the customer researches and compares options.",
        "purchase": "Purchase: the customer decides and buys.",
        "retention": "Retention: the customer uses what they bought and comes back.",
        "advocacy": "Advocacy: the customer recommends the company to others.",
        "custom": "Any other stage.",
    },
    ("Channel", "mode"): {"online": "Reached over the internet.", "offline": "Reached in person, by phone or by post."},
    ("Touchpoint", "channel"): {channel: _channel(channel, mode) for channel, mode in BUILTIN_CHANNELS.items()},
    ("Touchpoint", "initiator"): {"customer": "The customer starts it.", "company": "The company starts it."},
    ("PainPoint", "severity"): _LEVELS,
    ("Opportunity", "priority"): _LEVELS,
    ("Kpi", "metric"): {metric: f"{text}; {METRIC_BETTER[metric]} is better." for metric, text in _METRICS.items()},
    ("MeasureSettings", "unit"): {
        "user": "Count customers (the data's user column): the default.",
        "session": "Count visits: the data's sessions, or cut after session_timeout of inactivity.",
    },
    ("Kpi", "better"): {"higher": "Higher values are better.", "lower": "Lower values are better."},
}

# Vocabularies with built-in values that a journey may extend with its own: the words for the
# built-in values and for the others.
OPEN: dict[tuple[str, str], tuple[str, str]] = {
    ("Touchpoint", "channel"): ("A built-in channel.", "A channel of the journey's own: an id from channels:."),
    ("JourneyMeta", "language"): ("A language cjmap has labels for.", "Any other language tag, drawn with English labels."),
}

NULL = "null: the same as leaving the field out."
