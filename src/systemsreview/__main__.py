"""``python -m systemsreview``: the command-line interface."""

from systemsreview.examples import domestic_abuse_review
from systemsreview.summary import summarise


def main() -> None:
    """Print a summary of the bundled example review."""
    print(summarise(domestic_abuse_review()))


if __name__ == "__main__":
    main()
