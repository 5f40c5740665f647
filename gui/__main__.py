"""`python -m gui [FILE] [--screenshot OUT.png]`: open the window (see gui.app.main)."""
import sys

if __name__ == "__main__":
    # the read worker (core.read_service) starts its Python while this one loads Qt
    from core.read_service import shared
    shared().warm()
    from gui.app import main
    sys.exit(main(sys.argv[1:]))
