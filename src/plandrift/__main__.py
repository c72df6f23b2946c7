"""``python -m plandrift``: the same command as ``plandrift``."""

from plandrift.cli.main import main

if __name__ == "__main__":
    main()
