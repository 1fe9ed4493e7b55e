"""Where the hand-curated, cited add-on rates live (ALB, NAT gateway, public IPv4, logs, EBS).

These are published AWS list prices with no machine-readable offline source in
shared/data; each row of the CSV names its pricing page URL and the date it was read.
"""

from pathlib import Path

PUBLISHED_RATES_FILE = Path(__file__).resolve().parent / "published_rates.csv"
