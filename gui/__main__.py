"""`python -m gui [FILE] [--screenshot OUT.png]`: open the window (see gui.app.main)."""
import sys

from gui.app import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
