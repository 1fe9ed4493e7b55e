"""Turn boto3/botocore failures into the typed errors the app and the CLI show.

Every live loader runs its AWS calls inside `translated(source, permission)`, so a missing
credential, an unreachable endpoint or a denied permission becomes one `PricingUnavailable`
whose reason starts with a short code ("NoCredentials: …", "AccessDenied: needs
pricing:GetProducts") and keeps the original error as its `__cause__`. Retries are not done
here: botocore's retry config (mode "standard") has already retried throttling and transient
errors by the time an error reaches this module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from advisor.model.prices import PricingUnavailable

RETRY_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3}, connect_timeout=5, read_timeout=60
)
"""Every pricing client's config: botocore's "standard" retries (throttling, transient and
connection errors, with exponential backoff; total_max_attempts counts the first call), no
hand-written loop. Three attempts and a 5 s connect timeout bound a refresh without network
or with bad credentials to seconds before `auto` falls back (seven took ~40 s)."""

ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException"}
)
THROTTLING_CODES = frozenset(
    {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"}
)
CREDENTIAL_CODES = frozenset(
    {"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "AuthFailure", "SignatureDoesNotMatch"}
)


def client_error_reason(err: ClientError, permission: str) -> str:
    """'<Code>: <what to do>' for a ClientError, naming the IAM permission the call needs."""
    error = err.response.get("Error", {})
    code = str(error.get("Code") or "ClientError")
    if code in ACCESS_DENIED_CODES:
        return f"{code}: needs {permission}"
    if code in THROTTLING_CODES:
        return f"{code}: still throttled after botocore's retries ({permission})"
    if code in CREDENTIAL_CODES:
        return f"{code}: the AWS credentials were rejected"
    message = str(error.get("Message") or "").strip()
    return f"{code}: {message}" if message else code


@contextmanager
def translated(source: str, permission: str) -> Iterator[None]:
    """Re-raise AWS client failures inside the block as `PricingUnavailable(source, reason)`."""
    try:
        yield
    except ClientError as err:
        raise PricingUnavailable(source, client_error_reason(err, permission)) from err
    except (NoCredentialsError, PartialCredentialsError) as err:
        raise PricingUnavailable(
            source, "NoCredentials: no AWS credentials found in boto3's default chain"
        ) from err
    except (EndpointConnectionError, ConnectTimeoutError, ReadTimeoutError) as err:
        raise PricingUnavailable(source, f"{type(err).__name__}: cannot reach AWS ({err})") from err
    except NoRegionError as err:
        raise PricingUnavailable(source, "NoRegion: no AWS region configured") from err
    except BotoCoreError as err:
        raise PricingUnavailable(source, f"{type(err).__name__}: {err}") from err
