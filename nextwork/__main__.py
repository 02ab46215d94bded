import sys

from nextwork.cli import main

sys.exit(main())
