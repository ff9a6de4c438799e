import sys

from mock.cli import main

sys.exit(main())
