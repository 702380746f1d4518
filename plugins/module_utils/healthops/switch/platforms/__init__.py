# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One module per switch platform; ``registry.PLATFORMS`` lists them (nothing is imported here)."""
