"""`python -m segassess.cli ...`"""
import sys

from .main import main

sys.exit(main())
