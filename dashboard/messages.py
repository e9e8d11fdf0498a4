"""What the validator, the drafting tool and the merge tell an analyst, in each language: a
template per key with named placeholders, one dictionary per language (messages_en.py,
messages_zh.py; like the page strings in i18n.py). A message is a key and its arguments
(M("type.int")); it is worded only when shown, in the language asked for, so one problem
reads in Chinese on the Chinese page and in English in a log. An argument may itself be a
message (worded in the same language), or Either/Listed of items (joined by that language's
"or" / list separator).

The language of a command is `--lang zh|en`, or else the analyst's: a Chinese locale (LC_ALL,
LC_MESSAGES or LANG starting with zh; on Windows the user's language) gives Chinese."""

from __future__ import annotations

import argparse
import locale
import os
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.messages_en import EN
from dashboard.messages_zh import ZH

LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Message:
    key: str
    args: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        return render(self, lang)

    def __str__(self) -> str:
        return self.text("en")


def M(key: str, /, **args) -> Message:  # noqa: N802 (short: it is written at every call site)
    """The message `key` with its named arguments."""
    return Message(key, tuple(args.items()))


class Either(tuple):
    """Items worded as alternatives: a or b / a 或 b."""


class Listed(tuple):
    """Items worded as a list: a, b / a，b."""


class MessageError(Exception):
    """An error whose words are a message; str() is the English."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


def _word(value, lang: str):
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, (Either, Listed)):
        joiner = MESSAGES[lang]["join.or" if isinstance(value, Either) else "join.list"]
        return joiner.join(str(_word(v, lang)) for v in value)
    return value


def render(message: Message, lang: str = "en") -> str:
    """`message` in `lang` (English for a language without templates)."""
    templates = MESSAGES.get(lang, MESSAGES["en"])
    return templates[message.key].format(**{k: _word(v, lang) for k, v in message.args})


def text(message, lang: str = "en") -> str:
    """A message, or a plain string (an OS's own words), as text in `lang`."""
    return render(message, lang) if isinstance(message, Message) else str(message)


def review_text(items, lang: str = "en") -> str:
    """A drafted row's review column in `lang`: its items (messages) joined by "; " (English) or
    "；" (Chinese)."""
    return MESSAGES.get(lang, MESSAGES["en"])["review.join"].join(render(item, lang) for item in items)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


# --- the analyst's language -----------------------------------------------------------------------


def detect_language(environ: Mapping[str, str], system: str | None = None) -> str:
    """'zh' or 'en' for a command run with these environment variables: the first of LC_ALL,
    LC_MESSAGES, LANG that is set decides, as it does for POSIX programs (zh_CN.UTF-8, zh_TW →
    zh; C, en_US → en). With none set (Windows), `system`, the system's locale name, does:
    'Chinese (Simplified)_China' (Windows' name) or 'zh_CN'."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if environ.get(name):
            return "zh" if environ[name].strip().lower().startswith("zh") else "en"
    if system and system.strip().lower().startswith(("zh", "chinese")):
        return "zh"
    return "en"


def system_locale() -> str | None:
    """The user's language as the system names it: on Windows the UI language (zh_CN), else the
    locale Python started with (None when unset)."""
    if sys.platform == "win32":
        try:
            import ctypes

            ui = ctypes.windll.kernel32.GetUserDefaultUILanguage()
            return locale.windows_locale.get(ui) or locale.getlocale()[0]
        except (AttributeError, OSError):
            pass
    try:
        return locale.getlocale()[0]
    except ValueError:
        return None


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="zh or en (default: the system's language; 中文系统默认中文)")


def chosen_language(option: str | None) -> str:
    """--lang when given, else the analyst's language."""
    return option or detect_language(os.environ, system_locale())


def command_line_language(argv: list[str]) -> str:
    """The language of a command line not yet parsed (argparse checks a folder, and reports a
    mistake, before it has read --lang): --lang zh, --lang=en, else the analyst's language."""
    option = None
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv):
            option = argv[i + 1]
        elif word.startswith("--lang="):
            option = word.split("=", 1)[1]
    return chosen_language(option if option in LANGUAGES else None)


# --- the templates: one module per language, the same keys and placeholders in each ---------

MESSAGES = {"zh": ZH, "en": EN}
