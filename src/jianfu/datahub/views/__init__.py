"""Pages of jianfu.datahub: the field dictionary, requests and their counts, teachers' forms."""
