"""Shared by the CLI test scripts of this folder: a failed expectation, with the command's exit
code and output when there is one. Standard library only (Debian's /usr/bin/python3)."""


class Failure(Exception):
    pass


def check(condition, message, result=None):
    """Raises Failure(message) unless condition; a subprocess result adds its command and output."""
    if condition:
        return
    if result is not None:
        message += "\n  command: {}\n  exit code: {}\n  stdout:\n{}\n  stderr:\n{}".format(
            " ".join(result.args), result.returncode, result.stdout[-3000:], result.stderr[-3000:])
    raise Failure(message)
