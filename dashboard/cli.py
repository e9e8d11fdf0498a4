"""What the command-line tools share: --help with an example and the exit codes, a mistake on
the command line in one line on stderr (not the usage and a traceback), folders and files that
must exist."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from dashboard.data import data_dir
from dashboard.messages import M, Message, command_line_language, render


def _words(message: Message) -> str:
    """`message` in the command line's language."""
    return render(message, command_line_language(sys.argv[1:]))

CANNOT_RUN = 2  # argparse's code for a wrong command line
NOT_RUN = "the command line is wrong, or names a file or folder that does not exist"


def exit_codes(ok: str, problems: str | None = None, cannot_run: str = NOT_RUN) -> str:
    """The epilog each tool's --help ends with (`problems`: what exit 1 means, if it is used)."""
    return "\n".join(["exit codes:", f"  0  {ok}", *([f"  1  {problems}"] if problems else []),
                      f"  {CANNOT_RUN}  {cannot_run}"])


class Parser(argparse.ArgumentParser):
    """argparse, keeping the layout of the description and epilog (examples, exit codes), with
    a mistake reported in one line: "prog: what is wrong (--help shows how)"."""

    def __init__(self, prog: str, description: str, epilog: str):
        super().__init__(prog=prog, description=description, epilog=epilog,
                         formatter_class=argparse.RawDescriptionHelpFormatter)

    def error(self, message: str):
        mistake = M("cli.mistake", prog=self.prog, message=_argparse_words(message))
        self.exit(CANNOT_RUN, _words(mistake) + "\n")


# argparse's own wording (Python 3.11 to 3.13), which Python ships in English only.
_ARGPARSE = [(re.compile(r"argument (?P<name>\S+): (?P<message>.*)", re.S), "cli.argument"),
             (re.compile(r"unrecognized arguments: (?P<arguments>.*)", re.S), "cli.unrecognized"),
             (re.compile(r"the following arguments are required: (?P<arguments>.*)", re.S), "cli.required"),
             (re.compile(r"expected one argument"), "cli.expected_one"),
             (re.compile(r"invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)", re.S),
              "cli.invalid_choice")]


def _argparse_words(message: str) -> str:
    """A message of argparse's in the command line's language (what it wraps, too: "argument
    --lang: expected one argument"); our own messages, and any it has we do not know, as they are."""
    for pattern, key in _ARGPARSE:
        if found := pattern.fullmatch(message):
            values = found.groupdict()
            if "message" in values:
                values["message"] = _argparse_words(values["message"])
            return _words(M(key, **values))
    return message


def existing_folder(text: str) -> Path:
    """An argparse type: a folder that exists."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(_words(M("cli.not_a_folder", folder=text) if path.exists()
                                                else M("cli.no_folder", folder=text)))
    return path


def existing(text: str) -> Path:
    """An argparse type: a file or folder that exists."""
    path = Path(text)
    if not path.exists():
        raise argparse.ArgumentTypeError(_words(M("cli.does_not_exist", path=text)))
    return path


def data_folder(parser: argparse.ArgumentParser, given: Path | None) -> Path:
    """`given` (checked by existing_folder), else DASHBOARD_DATA_DIR or data/, which must exist."""
    folder = given or data_dir()
    if not folder.is_dir():
        parser.error(_words(M("cli.no_data_folder", folder=folder)))
    return folder
