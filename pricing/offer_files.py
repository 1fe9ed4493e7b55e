"""Prices from the public AWS Price List *bulk* offer files (JSON or CSV), streamed.

No credentials are needed: the files are public, e.g.
https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json
(or index.csv). EC2 region files run to hundreds of megabytes, so nothing here loads a whole
file: the JSON file is parsed incrementally with `ijson` (fixed-size chunks pushed into two
C-backed parsers, one for `products` and one for `terms.OnDemand`), and the CSV file is read
row by row. Memory grows only with the products the filters accept, not with the file.

Both formats go through `pricing.normalize`, so they apply the same filters and produce the
snapshot's rows. AWS writes `products` before `terms` in the JSON file; the parser relies on
that (a file with terms first is reported as not in the bulk format).

The CSV format: five preamble rows ("FormatVersion", "Disclaimer", "Publication Date",
"Version", "OfferCode", each a name and a value), then the header row, then one row per price
dimension (OnDemand and Reserved terms alike).
"""

from __future__ import annotations

import csv
import io
import urllib.request
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
import numpy as np

from advisor.model.prices import PriceCatalog, PriceSource, PricingError, SourceKind, UnknownRegion
from pricing.catalog_frames import catalog_from_frames
from pricing.normalize import (
    REGION,
    TERM,
    Ec2Target,
    PricingWarning,
    Rejected,
    ServiceTarget,
    Unparsable,
    classify_product,
    ondemand_usd,
)
from pricing.price_rows import Normalized
from pricing.snapshot import snapshot_tables

CHUNK_SIZE = 64 * 1024
MAX_DEPTH = 512
"""Brackets open at once: real offer files nest ~7 deep. Counted over raw bytes (brackets in
strings too, so it is generous), before the streaming parsers see a chunk: their key paths
grow with the depth, and a 200 KB file of `[[[[…` took 7.7 GB."""
_OPENING = np.frombuffer(b"[{", dtype=np.uint8)
_CLOSING = np.frombuffer(b"]}", dtype=np.uint8)
URL_TIMEOUT_SECONDS = 60
CSV_PREAMBLE_ROWS = 5
CSV_META = {"Publication Date": "publicationDate", "Version": "version", "OfferCode": "offerCode"}
JSON_META = frozenset({"formatVersion", "offerCode", "version", "publicationDate"})


class OfferFileError(PricingError):
    """A file or URL that cannot be read as a Price List bulk offer file."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"offer file {location}: {reason}")


@dataclass(slots=True)
class OfferFile:
    """What one offer file holds for one region, and which regions it mentions."""

    location: str
    prices: Normalized
    meta: dict[str, str] = field(default_factory=dict)
    regions_seen: set[str] = field(default_factory=set)
    products_seen: int = 0

    @property
    def as_of(self) -> str:
        return self.meta.get("publicationDate", "")[:10] or "undated"

    @property
    def origin(self) -> str:
        parts = ["AWS Price List bulk offer file", self.meta.get("offerCode", "")]
        if self.meta.get("version"):
            parts.append(f"version {self.meta['version']}")
        return " ".join(part for part in parts if part)


class _Rewound(io.RawIOBase):
    """A binary stream that first replays bytes already read (the format sniff)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


@contextmanager
def open_offer_file(location: str) -> Iterator[IO[bytes]]:
    """A local path or an https URL, opened for binary streaming."""
    try:
        if location.startswith("https://"):
            with urllib.request.urlopen(location, timeout=URL_TIMEOUT_SECONDS) as response:
                yield response
        elif "://" in location:
            raise OfferFileError(location, "only local paths and https URLs are supported")
        else:
            with Path(location).open("rb") as handle:
                yield handle
    except OSError as err:  # includes urllib's URLError and HTTPError
        raise OfferFileError(location, f"cannot read it ({err})") from err


def _checked_depth(chunk: bytes, depth: int, location: str) -> int:
    """The bracket depth after `chunk`, starting at `depth`; OfferFileError beyond MAX_DEPTH."""
    data = np.frombuffer(chunk, dtype=np.uint8)
    steps = np.isin(data, _OPENING).astype(np.int64) - np.isin(data, _CLOSING)
    levels = depth + np.cumsum(steps)
    if len(levels) and int(levels.max()) > MAX_DEPTH:
        raise OfferFileError(location, f"not an offer file: nested deeper than {MAX_DEPTH} levels")
    return int(levels[-1]) if len(levels) else depth


def _read_json(stream: IO[bytes], offer: OfferFile) -> None:
    """Stream `products` then `terms.OnDemand`, keeping only products the filters accept."""
    prices = offer.prices
    meta_events = ijson.sendable_list()
    meta_parser: Any = ijson.parse_coro(meta_events)
    products = ijson.sendable_list()
    products_parser = ijson.kvitems_coro(products, "products")
    terms = ijson.sendable_list()
    terms_parser = ijson.kvitems_coro(terms, "terms.OnDemand")
    accepted: dict[str, Ec2Target | ServiceTarget] = {}
    depth = 0
    try:
        while chunk := stream.read(CHUNK_SIZE):
            depth = _checked_depth(chunk, depth, offer.location)
            if meta_parser is not None:
                meta_parser.send(chunk)
                for prefix, event, value in meta_events:
                    if prefix == "" and event == "map_key" and value in ("products", "terms"):
                        if value == "terms":
                            raise OfferFileError(offer.location, "terms come before products")
                        meta_parser = None  # the header is read; stop parsing it
                        break
                    if prefix in JSON_META and event in ("string", "number"):
                        offer.meta[prefix] = str(value)
                del meta_events[:]
            products_parser.send(chunk)
            terms_parser.send(chunk)
            for sku, product in products:
                _accept_product(str(sku), product, offer, accepted)
            del products[:]
            for sku, ondemand in terms:
                target = accepted.pop(str(sku), None)
                if target is None:
                    continue  # a product the filters rejected (already counted)
                try:
                    usd = ondemand_usd(ondemand, ec2=isinstance(target, Ec2Target))
                except Unparsable:
                    prices.skipped += 1
                    continue
                prices.add_price(target, usd, sku=str(sku), origin=offer.origin, as_of=offer.as_of)
            del terms[:]
        products_parser.close()
        terms_parser.close()
    except ijson.JSONError as err:
        raise OfferFileError(offer.location, f"not valid JSON ({err})") from err
    prices.skipped += len(accepted)  # accepted products that had no OnDemand term


def _accept_product(
    sku: str, product: object, offer: OfferFile, accepted: dict[str, Ec2Target | ServiceTarget]
) -> None:
    offer.products_seen += 1
    if isinstance(product, dict):
        region_code = (product.get("attributes") or {}).get("regionCode")
        if isinstance(region_code, str):
            offer.regions_seen.add(region_code)
    try:
        if not isinstance(product, dict):
            raise Unparsable("product is not an object")
        target = classify_product(product, offer.prices.region)
    except Unparsable:
        offer.prices.skipped += 1
        return
    if isinstance(target, Rejected):
        offer.prices.rejected[target.reasons[0]] += 1
    else:
        accepted[sku] = target


def _read_csv(stream: IO[bytes], offer: OfferFile) -> None:
    """Preamble, header, then one price dimension per row; cheap rejections come first."""
    prices = offer.prices
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        for _ in range(CSV_PREAMBLE_ROWS):
            name, value, *_rest = [*next(reader), "", ""]
            if name in CSV_META:
                offer.meta[CSV_META[name]] = value
        header = next(reader)
    except StopIteration:
        raise OfferFileError(offer.location, "ends before the header row") from None
    if not header or header[0] != "SKU" or "TermType" not in header:
        raise OfferFileError(offer.location, "no 'SKU,…,TermType' header after the 5 preamble rows")
    term_column = header.index("TermType")
    region_column = header.index("Region Code") if "Region Code" in header else None
    try:
        for row in reader:
            offer.products_seen += 1
            if len(row) != len(header):
                prices.skipped += 1
                continue
            region_code = row[region_column] if region_column is not None else ""
            if region_code:
                offer.regions_seen.add(region_code)
            if row[term_column] != "OnDemand":
                prices.rejected[TERM] += 1
            elif region_column is not None and region_code != prices.region:
                prices.rejected[REGION] += 1
            else:
                record = dict(zip(header, row, strict=True))
                prices.add_csv_row(record, origin=offer.origin, as_of=offer.as_of)
    except (csv.Error, UnicodeDecodeError) as err:
        raise OfferFileError(offer.location, f"not a readable CSV ({err})") from err
    finally:
        text.detach()


def read_offer_file(location: str, region: str) -> OfferFile:
    """Stream one bulk offer file (local path or https URL) and keep `region`'s prices."""
    offer = OfferFile(location=location, prices=Normalized(region))
    with open_offer_file(location) as raw:
        head = raw.read(CHUNK_SIZE)
        first = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
        if not first:
            raise OfferFileError(location, "is empty")
        stream = io.BufferedReader(_Rewound(head.removeprefix(b"\xef\xbb\xbf"), raw), CHUNK_SIZE)
        if first == b"{":
            _read_json(stream, offer)
        else:
            _read_csv(stream, offer)
    return offer


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def load_offer_file_catalog(location: str, region: str) -> PriceCatalog:
    """The catalog for `region` from one offer file; instance specs from the snapshot.

    Raises UnknownRegion (with the regions the file mentions) when the file has nothing for
    `region`, and OfferFileError when the file cannot be read or holds no usable price.
    """
    offer = read_offer_file(location, region)
    if not offer.products_seen:
        raise OfferFileError(location, "holds no products (not a Price List offer file?)")
    ec2_prices, service_rates = offer.prices.ec2_frame(), offer.prices.service_frame()
    if ec2_prices.empty and service_rates.empty:
        if region not in offer.regions_seen:
            raise UnknownRegion(region, sorted(offer.regions_seen))
        raise OfferFileError(location, f"no EC2, Fargate or EKS on-demand price for {region} passed")
    problems = offer.prices.problems()
    for problem in problems:
        warnings.warn(f"{location}: {problem}", PricingWarning, stacklevel=2)
    source = PriceSource(
        kind=SourceKind.OFFER_FILE,
        as_of=offer.as_of,
        label=offer.origin,
        detail=_join(location, *problems),
    )
    return catalog_from_frames(region, source, dict(snapshot_tables().specs), ec2_prices, service_rates)
