import sys

from nextwork.ops.cli import main

sys.exit(main())
