"""The `plandrift` command line: each command parses options and makes one library call."""
