"""Demo content as plain data (Chinese text written for this project), turned into pages by home/demo_*.py."""
