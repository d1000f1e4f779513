# virt-v2v-xva: rules shared by every Makefile.am.
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

NULL =

# Headers of the project's own header-only utilities and the reader.
XVA_CPPFLAGS = \
	-I$(top_srcdir)/common/include \
	-I$(top_srcdir)/common/utils \
	-I$(top_srcdir)/common/xva \
	$(NULL)
