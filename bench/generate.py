"""Deterministic generator of realistic incident postmortems for the benchmark.

    python bench/generate.py N OUTDIR [--seed S]

or, from Python, ``generate(n, seed) -> [(filename, text), ...]``.

Page ``i`` depends only on ``(seed, i)``, so the corpus of 200 is the first 200
pages of the corpus of 1,000. Every page passes ``mkdocs-postmortems check``
with no errors against the 40-service catalog in ``SERVICES``. Between them the
pages use every form the contract (shared/DESIGN.md) allows:

- front matter: title in front matter or only as the page's ``# H1``; date-times
  with ``Z``, with a numeric offset, with `` UTC``, with a space instead of ``T``,
  with and without seconds, quoted and unquoted, and without an offset under a
  ``timezone:`` (IANA) or the default UTC; ``date`` that agrees; ``detected`` and
  ``mitigated``; ``status`` final (mostly), review, draft and ongoing (no
  ``ended``); ``services`` as a list or one string; ``affected_users`` as a
  number or a percentage string; ``authors`` and ``tags`` as lists or one
  string; unknown team keys; ``timeline`` and ``action_items`` in front matter;
- sections as Markdown headings or bold paragraphs ending in a colon (colon
  inside or outside the bold, ``**`` or ``__``), under every default alias, in
  varied letter case; some pages in the style of the seed postmortem;
- timeline stamps ``HH:MM``, ``HH:MM:SS``, ``H:MM AM/PM``, with ``UTC``, ``Z``
  or an offset, with a leading ISO date, bold or not, with ``:``, ``-``, ``–``
  or ``—`` inside or outside the bold, in lists (``-``, ``*``, ``1.``) and in
  tables with extra columns; timelines that cross midnight;
- action items as task lists (open and done), as plain list items, with
  ``@owner``, ticket ids, ticket links and bare URLs, nested under labels.

Severities are skewed toward SEV3/SEV4, durations are log-normal (a long tail
of multi-day incidents), and each page is about 800 words.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

SERVICES: tuple[str, ...] = (
    "admin-portal", "analytics", "api-gateway", "auth", "billing", "cart", "catalog", "cdn",
    "checkout", "ci-runners", "config-service", "data-warehouse", "dns", "email", "feature-flags",
    "fraud", "fulfillment", "identity", "image-resizer", "inventory", "invoicing", "kafka",
    "ledger", "load-balancer", "logging", "metrics", "mobile-bff", "notifications", "orders",
    "orders-db", "partner-api", "payments", "pricing", "promotions", "recommendations",
    "redis-cache", "returns", "search", "shipping", "web-frontend",
)  # fmt: skip

SEVERITIES: tuple[tuple[str, float], ...] = (("SEV1", 0.05), ("SEV2", 0.15), ("SEV3", 0.38), ("SEV4", 0.42))

# page time zones (a timezone: field, or offsets written on every time)
ZONES: tuple[str, ...] = (
    "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Tokyo",
    "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
)  # fmt: skip

FIRST_NAMES = (
    "Maria", "Dev", "Priya", "Tomás", "Lena", "Jonas", "Dana", "Ahmed", "Chen", "Aisha", "Lucas",
    "Sofia", "Kenji", "Olu", "Fatima", "Mateo", "Ingrid", "Ravi", "Grace", "Yusuf", "Elena", "Sam",
    "Noor", "Pablo", "Hana", "Viktor", "Amara", "Felix", "Zoe", "Arjun",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Patel", "Raman", "Ortega", "Fischer", "Weber", "Kowalski", "Haddad", "Wei", "Bello",
    "Martin", "Rossi", "Sato", "Adeyemi", "Khan", "García", "Larsen", "Iyer", "Kim", "Demir",
    "Popescu", "Nguyen", "Silva", "Novak", "Moreau", "Schmidt", "Costa", "Dubois", "Mensah", "Berg",
)  # fmt: skip
TEAMS = (
    "platform",
    "SRE",
    "database",
    "payments",
    "storefront",
    "identity",
    "data",
    "networking",
    "mobile",
    "fulfillment",
    "messaging",
    "observability",
)
REGIONS = ("eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-southeast-1", "ap-northeast-1")
PROVIDERS = (
    "the SMS provider",
    "the payment processor",
    "the CDN vendor",
    "the email delivery provider",
    "the cloud provider",
    "the DNS host",
    "the address-validation API",
    "the tax service",
)
TICKET_KEYS = ("OPS", "SRE", "DBA", "NET", "PAY", "SHOP", "INV", "AUTH", "PLAT", "OBS", "SEC", "DATA")
TAGS = (
    "config-change",
    "deploy",
    "database",
    "capacity",
    "third-party",
    "certificates",
    "dns",
    "caching",
    "rate-limit",
    "monitoring-gap",
    "rollback",
    "feature-flag",
    "migration",
    "network",
    "kubernetes",
    "memory",
    "queueing",
    "retry-storm",
    "peak-traffic",
    "batch-job",
    "security",
    "data-loss",
    "customer-facing",
    "internal-only",
)
FEATURES = (
    "sign-in",
    "checkout",
    "search",
    "order history",
    "product pages",
    "the mobile app",
    "invoices",
    "refunds",
    "delivery tracking",
    "the partner API",
    "push notifications",
    "password reset",
    "gift cards",
    "recommendations",
    "the admin portal",
)
ERRORS = (
    "connection timeouts",
    "HTTP 503 responses",
    "HTTP 502 responses from the load balancer",
    "`ECONNRESET` errors",
    "TLS handshake failures",
    "`429 Too Many Requests`",
    "OOM kills",
    "slow queries over 5 s",
    "consumer lag alerts",
    "`NXDOMAIN` answers",
)


# ---------------------------------------------------------------- scenarios


@dataclass(frozen=True, slots=True)
class Scenario:
    """One kind of incident: consistent story parts, filled from the page's words."""

    key: str
    titles: tuple[str, ...]
    impact: tuple[str, ...]
    trigger: tuple[str, ...]
    symptom: tuple[str, ...]
    digging: tuple[str, ...]
    mitigate: tuple[str, ...]
    cause: tuple[str, ...]
    fix: tuple[str, ...]
    actions: tuple[str, ...]
    tags: tuple[str, ...]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "config",
        ("{Svc} errors after a configuration change to {dep}",
         "Bad {dep} configuration push breaks {feature}",
         "{Feature} unavailable after a {dep} config rollout"),
        ("{Feature} failed for {pct}% of requests for {dur} after a configuration change to {dep}.",
         "About {users} customers could not use {feature} for {dur}."),
        ("Configuration change {ticket} to {dep} starts rolling out to all regions",
         "Automated pipeline applies {dep} config version {ver} to production"),
        ("Alert: {svc} error rate above {limit}% for 5 minutes; on-call paged",
         "Synthetic check for {feature} fails from three regions"),
        ("Config diff for {dep} version {ver} reviewed; a renamed key stands out",
         "{Dep} logs show the new setting rejected and a default applied instead"),
        ("Rollback of {dep} to the previous configuration version starts",
         "Previous {dep} configuration restored on all hosts"),
        ("The change to {dep} renamed a setting that {svc} reads at start-up. {Svc} fell back to a default "
         "that was safe in staging and wrong in production, where traffic is {mult} times higher. The "
         "configuration schema accepted the unknown key without a warning, and the canary stage compared "
         "only 5xx rates, which stayed flat until the rollout passed 50%.",
         "Nothing in the review showed that {svc} depended on the renamed key: the dependency lived in a "
         "template in another repository. The change passed review, tests and the canary, each of which "
         "checked the change in isolation rather than its effect on the services that read it."),
        ("We rolled {dep} back to its previous configuration, restarted the {svc} pods that had cached "
         "the bad value, and confirmed the error rate was back at baseline. The configuration freeze on "
         "{dep} stayed in place until the schema change below was deployed.",),
        ("Reject unknown keys in the {dep} configuration schema",
         "Add {svc} error rate to the canary gate for {dep} changes",
         "Document which services read each {dep} setting",
         "Add a staging load test at production traffic levels before config rollouts"),
        ("config-change", "rollback", "deploy"),
    ),
    Scenario(
        "cert",
        ("Expired TLS certificate breaks {svc} to {dep} traffic",
         "{Feature} outage from an expired mTLS certificate on {dep}",
         "Certificate expiry on {dep} takes down {feature}"),
        ("{Feature} returned errors for {pct}% of customers for {dur} until the certificate was replaced.",
         "All calls from {svc} to {dep} failed TLS handshakes for {dur}."),
        ("Client certificate for {svc} expires at {clock} UTC",
         "Intermediate certificate on the {dep} endpoint expires"),
        ("Alert: TLS handshake failures between {svc} and {dep}",
         "{Svc} error budget burn rate alert fires"),
        ("Handshake errors traced to an expired certificate in the {svc} trust bundle",
         "Certificate inventory shows the renewal job last ran {n} days ago"),
        ("New certificate issued by the internal CA and deployed to {svc}",
         "Renewed certificate rolled out; handshakes succeed again"),
        ("The certificate was issued by hand two years earlier, before the automated renewal service "
         "existed, and was never added to its inventory. The expiry warning emails went to a mailing list "
         "that was archived when the {team} team was reorganised.",
         "Our certificate monitoring checked only public endpoints. Internal mTLS certificates were "
         "assumed to be renewed automatically, which was true for every certificate but this one."),
        ("The {team} team issued a new certificate from the internal CA, deployed it to {svc} and "
         "restarted the connection pools. We then scanned every internal endpoint for certificates "
         "expiring within 30 days and renewed the three we found.",),
        ("Move every internal certificate to automated renewal",
         "Alert on any certificate expiring within 21 days, internal endpoints included",
         "Route expiry warnings to the owning team's on-call, not a mailing list",
         "Add a runbook for emergency certificate rotation on {dep}"),
        ("certificates", "security", "monitoring-gap"),
    ),
    Scenario(
        "pool",
        ("{Dep} connection pool exhaustion slows {feature}",
         "{Svc} timeouts from {dep} connection saturation under peak traffic",
         "{Feature} degraded: {dep} ran out of connections"),
        ("{Feature} timed out for {pct}% of requests for {dur} during peak traffic.",
         "Requests to {svc} were slow or failed for about {users} users over {dur}."),
        ("Traffic to {svc} climbs to {mult}x the usual level during a campaign",
         "Deploy {ver} of {svc} doubles the number of worker processes"),
        ("Alert: {svc} p99 latency above {limit} s",
         "Customer support reports a surge of complaints about {feature}"),
        ("Traces show requests waiting for a {dep} connection, not for queries",
         "{Dep} at its max_connections limit of {cap}; pooler queue growing"),
        ("Pooler limits raised and read traffic moved to replicas",
         "{Svc} scaled back and connection pool size per pod reduced"),
        ("Each {svc} pod opens its own pool of connections to {dep}. The deploy doubled the worker count "
         "per pod, and with autoscaling at peak that meant {cap} connections requested against a limit "
         "sized for half that. Queries themselves stayed fast; requests queued waiting for a connection "
         "and hit their timeout.",
         "The connection limit and the per-pod pool size were configured in two repositories owned by two "
         "teams. No check related them, and the capacity review before the campaign looked at CPU and "
         "memory, not at connections."),
        ("We reduced the pool size per pod, moved read-only queries to the replicas through the pooler, "
         "and restarted the pods that held stale connections. Latency returned to normal within minutes, "
         "and the replicas absorbed the rest of the peak.",),
        ("Alert on pool wait time and connection use above 80% on {dep}",
         "Add connection budgets to the capacity review checklist",
         "Route read-only queries to replicas by default",
         "Load-test {svc} at 4x peak before campaigns"),
        ("database", "capacity", "peak-traffic"),
    ),
    Scenario(
        "provider",
        ("{Provider} outage delays {feature}",
         "Degraded {feature} during an incident at {provider}",
         "Third-party failure at {provider} breaks {feature}"),
        ("{Feature} was delayed or failed for about {users} customers for {dur} during a third-party outage.",
         "{Pct}% of {feature} requests failed while {provider} was degraded, for {dur}."),
        ("{Provider} starts returning errors in {region}",
         "Latency from {provider} rises above 10 s"),
        ("Alert: {svc} calls to {provider} failing above {limit}%",
         "Queue of pending {feature} jobs passes {n} thousand"),
        ("{Provider} status page confirms a partial outage",
         "Retries from {svc} found to be amplifying the load on {provider}"),
        ("Traffic failed over to the secondary provider",
         "Retries capped and circuit breaker opened for {provider}"),
        ("{Provider} had a regional failure that was outside our control, but our integration made it "
         "worse. {Svc} retried failed calls immediately and without limit, so each failed request became "
         "five, and our own queue backed up behind the retries.",
         "The secondary provider was configured but had not been exercised for months, and switching to "
         "it required a manual change that only two engineers knew how to make."),
        ("We opened the circuit breaker for {provider}, failed over to the secondary provider, and "
         "replayed the queued {feature} jobs once the backlog cleared. The provider confirmed recovery "
         "{n} minutes later and we moved traffic back the next morning.",),
        ("Cap retries with exponential backoff and jitter in {svc}",
         "Automate failover to the secondary provider",
         "Exercise the failover path monthly",
         "Agree on an incident contact with {provider}"),
        ("third-party", "retry-storm"),
    ),
    Scenario(
        "disk",
        ("Disk full on {dep} stops {feature}",
         "{Dep} volume ran out of space and stopped accepting writes",
         "{Feature} outage from a full disk on {dep}"),
        ("Writes to {dep} failed for {dur}, so {feature} was unavailable for {pct}% of users.",
         "{Feature} was read-only for {dur}."),
        ("Log volume on {dep} grows after debug logging is enabled",
         "Nightly batch job writes {n} GB of temporary files to {dep}"),
        ("Alert: {dep} disk usage above 95%",
         "{Svc} write errors: no space left on device"),
        ("Temporary files from the batch job found filling the data volume",
         "Debug log level traced to a change made during a previous investigation"),
        ("Old log files removed and volume extended by 200 GB",
         "Batch job stopped and temporary files cleaned up"),
        ("Debug logging was turned on for an investigation three weeks earlier and never turned off. "
         "Log rotation kept seven days of logs, which at debug level was more than the volume could hold. "
         "The disk alert fired at 95%, which on this volume left 40 minutes of headroom at the new rate.",
         "The batch job wrote temporary files to the same volume as the database, a convenience from "
         "its first version that nobody revisited as the data grew."),
        ("We deleted rotated logs, extended the volume online, and restarted {dep}. Writes resumed "
         "immediately; a consistency check found no damaged data.",),
        ("Alert on projected time to full, not only on percentage used",
         "Expire debug log levels automatically after 24 hours",
         "Move temporary files off the database volume",
         "Review disk headroom on every stateful service"),
        ("capacity", "monitoring-gap"),
    ),
    Scenario(
        "memory",
        ("Memory leak in {svc} {ver} causes repeated OOM kills",
         "{Svc} pods crash-loop after release {ver}",
         "{Feature} errors from OOM-killed {svc} pods"),
        ("{Pct}% of {feature} requests failed intermittently for {dur} while {svc} pods restarted.",
         "{Feature} was unreliable for {dur}; about {users} users saw errors."),
        ("Release {ver} of {svc} deployed",
         "Release {ver} of {svc} reaches 100% of pods"),
        ("Alert: {svc} pod restarts above threshold",
         "Error rate on {feature} rises in steps as pods are OOM-killed"),
        ("Heap profiles show a cache in {svc} growing without bound",
         "Memory per pod rises about {n} MB per minute under load"),
        ("{Svc} rolled back to the previous release",
         "Memory limit raised as a stopgap while the rollback proceeds"),
        ("Release {ver} added an in-process cache for {dep} responses keyed by request id instead of by "
         "resource id. Every request added an entry and none was ever evicted. Load tests ran for ten "
         "minutes, not long enough to reach the memory limit.",
         "Pods restarted cleanly after each OOM kill, so the deployment looked healthy to the rollout "
         "controller, which checked readiness and not restart counts."),
        ("We rolled {svc} back to the previous release and kept the memory limit raised for a day while "
         "the fix was reviewed. The fix added a bounded LRU cache keyed correctly.",),
        ("Add restart count to the rollout health check",
         "Run soak tests of at least one hour for {svc}",
         "Bound every in-process cache and export its size as a metric",
         "Add a heap profile endpoint to {svc}"),
        ("memory", "deploy", "rollback"),
    ),
    Scenario(
        "dns",
        ("DNS change makes {dep} unreachable from {svc}",
         "{Feature} outage after a DNS record change",
         "Stale DNS records break {feature}"),
        ("{Feature} could not reach {dep} for {dur}; {pct}% of requests failed.",
         "About {users} customers saw errors on {feature} for {dur}."),
        ("DNS record for {dep} changed as part of a migration",
         "Zone update for the internal domain published"),
        ("Alert: {svc} cannot resolve {dep}",
         "Synthetic checks report `NXDOMAIN` for the {dep} endpoint"),
        ("Resolvers in {region} found to cache the negative answer for one hour",
         "The new record is missing from one of the two DNS providers"),
        ("Record restored on both providers and resolver caches flushed",
         "Old DNS record restored; clients resolve {dep} again"),
        ("The migration removed the old record before the new one had propagated to the secondary DNS "
         "provider, and the zone's negative-caching TTL of one hour kept the failed lookups cached long "
         "after the record came back.",
         "DNS changes were made by hand through the provider's web console, so there was no review and "
         "no record of the order in which changes were applied."),
        ("We restored the record on both providers, flushed the caches of our internal resolvers, and "
         "restarted the {svc} pods whose runtimes cached lookups themselves.",),
        ("Manage DNS zones as code with review",
         "Lower the negative-caching TTL of internal zones to 60 s",
         "Check record consistency across both DNS providers every 5 minutes",
         "Add a DNS migration runbook"),
        ("dns", "network", "migration"),
    ),
    Scenario(
        "migration",
        ("Schema migration locks the {dep} table used by {feature}",
         "{Feature} stalls during a {dep} migration",
         "Long-running migration on {dep} blocks writes"),
        ("Writes for {feature} blocked for {dur}; {pct}% of requests timed out.",
         "{Feature} hung for {dur} for about {users} customers."),
        ("Migration {ver} starts on {dep}: adds a column with a default value",
         "Deploy of {svc} runs schema migration {ver} against {dep}"),
        ("Alert: {svc} request timeouts above {limit}%",
         "Lock wait alert on {dep}"),
        ("Lock graph shows every write waiting behind the migration's table lock",
         "Migration found rewriting a table of {n} million rows"),
        ("Migration cancelled; locks released and writes resume",
         "Migration killed and the deploy rolled back"),
        ("The migration added a column with a volatile default, which on this database version rewrites "
         "the whole table while holding an exclusive lock. On the staging copy, which has a thousandth "
         "of the production rows, it finished in under a second.",
         "Our migration linter checked for missing indexes but not for operations that take exclusive "
         "locks on large tables."),
        ("We cancelled the migration, which released the lock immediately, and re-ran it the next day "
         "in three steps: add the column without a default, backfill in batches, then set the default.",),
        ("Add a lint rule for lock-taking migrations on large tables",
         "Set lock_timeout for all migrations",
         "Keep a staging database with production-sized tables",
         "Run migrations separately from deploys"),
        ("database", "migration", "deploy"),
    ),
    Scenario(
        "queue",
        ("Consumer lag on {dep} delays {feature}",
         "{Feature} delayed by hours after a {dep} consumer stalled",
         "Backlog in {dep} holds up {feature}"),
        ("{Feature} was delayed by up to {dur} for about {users} customers.",
         "Messages for {feature} were delivered late for {dur}."),
        ("Consumer group for {svc} stops committing offsets on {dep}",
         "Poison message published to the {dep} topic used by {svc}"),
        ("Alert: consumer lag on {dep} above 100,000 messages",
         "Customer reports that {feature} is not updating"),
        ("Consumers found crash-looping on a message they cannot parse",
         "One partition holds {n} thousand unprocessed messages"),
        ("Poison message moved to the dead-letter topic; consumers resume",
         "Consumers scaled out to drain the backlog"),
        ("A producer released with a new message version before its consumers could read it. The "
         "consumer treated the unknown version as a fatal error, restarted, and read the same message "
         "again, so one message blocked its whole partition.",
         "Lag alerts existed but had a threshold set for batch workloads, which meant an interactive "
         "flow could be an hour behind before anyone was paged."),
        ("We moved the message to the dead-letter topic by hand, deployed a consumer that skips and "
         "reports unknown versions, and scaled consumers out until the backlog drained.",),
        ("Dead-letter messages that fail three times instead of crash-looping",
         "Check message schema compatibility in CI",
         "Set lag alerts per flow based on time, not message count",
         "Write a runbook for draining {dep} backlogs"),
        ("queueing", "deploy"),
    ),
    Scenario(
        "flag",
        ("Feature flag rollout sends all {feature} traffic to an unfinished code path",
         "{Feature} broken by a feature flag targeting mistake",
         "Flag change exposes unfinished {feature} to all users"),
        ("{Pct}% of users saw a broken {feature} for {dur}.",
         "{Feature} failed for about {users} customers for {dur} after a flag change."),
        ("Flag {flag} changed from 1% to 100% in production",
         "Flag targeting rule for {flag} edited in the production environment"),
        ("Alert: {feature} conversion drops below the expected range",
         "Error rate in {svc} rises on the new code path"),
        ("Flag audit log shows the rule edited in production instead of staging",
         "New code path found calling a {dep} endpoint that is not deployed yet"),
        ("Flag {flag} turned off",
         "Flag {flag} reverted to its previous targeting"),
        ("The flag service's environments share one web page, and the edit was made with the "
         "production tab selected. The code behind the flag depended on a {dep} endpoint that had only "
         "been deployed to staging.",
         "Flag changes in production need no review, and the flag service has no notion of a flag "
         "that must not be enabled until a dependency ships."),
        ("We turned the flag off, which took effect within seconds, and confirmed that the old code "
         "path served all traffic again.",),
        ("Require a second approver for production flag changes",
         "Show the environment more prominently in the flag editor",
         "Add a prerequisite check to flags that depend on other deployments",
         "Alert on error rate by flag variation"),
        ("feature-flag", "config-change"),
    ),
    Scenario(
        "cache",
        ("Cache stampede on {dep} overloads {svc}",
         "{Dep} eviction storm slows {feature}",
         "{Feature} slow after the {dep} cluster restarted"),
        ("{Feature} was slow or failing for {pct}% of requests for {dur}.",
         "About {users} customers saw slow or failed {feature} requests over {dur}."),
        ("{Dep} cluster restarted during planned maintenance",
         "Cache keys for {feature} expire at the same moment after a bulk reload"),
        ("Alert: {svc} p99 latency above {limit} s",
         "Database CPU on the {svc} backing store reaches 100%"),
        ("Cache hit rate found at 3% instead of the usual 95%",
         "Thousands of identical requests seen recomputing the same keys"),
        ("Request coalescing enabled and traffic shed at the gateway",
         "Cache warmed from a snapshot; hit rate recovering"),
        ("All keys were written with the same TTL during the reload, so they expired together and every "
         "request went to the backing store at once. Without request coalescing, each cache miss "
         "triggered its own recomputation.",
         "The maintenance plan assumed the cache would refill gradually, as it had at lower traffic "
         "levels a year earlier."),
        ("We enabled request coalescing in {svc}, shed 20% of anonymous traffic at the gateway for ten "
         "minutes, and warmed the cache from the last snapshot.",),
        ("Add jitter to cache TTLs",
         "Enable request coalescing in {svc} by default",
         "Warm caches before returning {dep} nodes to service",
         "Add cache hit rate to the {svc} dashboard and alerts"),
        ("caching", "capacity"),
    ),
    Scenario(
        "network",
        ("Network partition in {region} isolates {dep}",
         "{Feature} degraded by packet loss between zones in {region}",
         "Load balancer misroutes {svc} traffic in {region}"),
        ("{Feature} failed for {pct}% of requests in {region} for {dur}.",
         "Users served from {region} saw errors on {feature} for {dur}."),
        ("Cloud provider begins network maintenance in {region}",
         "Load balancer rule for {svc} updated in {region}"),
        ("Alert: cross-zone packet loss above 5% in {region}",
         "Error rate for {feature} in {region} rises sharply"),
        ("Errors confined to hosts in one availability zone",
         "Provider confirms degraded connectivity in one zone"),
        ("Traffic drained from the affected zone",
         "{Region} traffic shifted to the remaining zones"),
        ("One availability zone lost most of its connectivity to the others during the provider's "
         "maintenance. Our health checks ran inside each zone, so the isolated hosts reported themselves "
         "healthy and kept receiving traffic.",
         "Draining a zone was possible but manual, and the runbook referred to a tool retired last year."),
        ("We drained the affected zone at the load balancer and scaled up the other zones. After the "
         "provider's all-clear we returned traffic gradually over an hour.",),
        ("Run health checks across zones, not only within them",
         "Automate draining an availability zone",
         "Update the zone evacuation runbook",
         "Subscribe on-call to the provider's maintenance notices"),
        ("network", "third-party"),
    ),
)  # fmt: skip

# ---------------------------------------------------------------- generic text

GENERIC_DIGGING = (
    "On-call engineer acknowledges the page and opens the {svc} dashboard",
    "Incident channel opened; the {team} team joins",
    "Recent deploys to {svc} and {dep} reviewed",
    "Error logs show {error} from {dep}",
    "Incident commander assigned: {ic}",
    "Severity set to {sev}; stakeholders notified",
    "Traces show most of the latency in calls from {svc} to {dep}",
    "Second engineer paged to help with the {dep} side",
    "Customer support posts a macro for tickets about {feature}",
    "Hypothesis: the problem is in {dep}; checks find {dep} healthy",
    "Dashboards for {region} compared with other regions; only {region} affected",
    "Engineers rule out the most recent {svc} deploy",
    "Escalated to the {team} team lead",
    "Status page updated: investigating problems with {feature}",
    "Rollback considered and rejected: no recent change to {svc}",
    "{Dep} on-call confirms a matching rise in their error rate",
)
GENERIC_VERIFY = (
    "Error rate on {feature} back below {limit}%; monitoring",
    "Backlog of queued jobs for {feature} drained",
    "Status page updated: a fix is in place and we are monitoring",
    "Synthetic checks green in all regions",
    "Latency for {svc} back at its baseline",
    "Customer support confirms new tickets have stopped",
)
GENERIC_RESOLVE = (
    "Metrics at baseline for 30 minutes; incident resolved",
    "Incident resolved and status page closed",
    "All clear given in the incident channel; follow-ups filed",
)
SUMMARY_OPENERS = (
    "On {day_long} we had an incident: {what}. For {dur_text}, {impact_lower}",
    "Between {start_clock} and {end_clock} {zone_name} on {day_long}: {what}. {Impact}",
    "This postmortem covers the incident of {day_long}: {what}. {Impact}",
)
SUMMARY_MORE = (
    "The incident was detected {detect_text} after it began, by {detector}, and customer impact was "
    "mitigated {mitigate_text} after the start.",
    "No data was lost. Orders placed during the incident were processed once the {svc} service recovered, "
    "and customers who retried succeeded.",
    "The {team} team led the response with help from the owners of {dep}. The incident was rated {sev} "
    "because {feature} is on the critical path for most customers.",
    "Impact was limited to {region}; other regions were served normally throughout.",
    "Support received about {tickets} tickets about {feature} during the incident.",
    "We were lucky with the timing: traffic was near its daily low, which kept the number of affected "
    "customers small.",
)
DETECTORS = (
    "an automated alert",
    "a synthetic check",
    "a customer report to support",
    "an engineer who noticed the dashboard",
    "a partner's escalation",
)
DISCUSSION = (
    "Our monitoring told us that something was wrong quickly, but not where. The first alerts described "
    "the symptom in {svc} rather than the cause in {dep}, and the first {n} minutes of the response went "
    "into ruling out the usual suspects.",
    "The runbook for {svc} covered this failure mode only in passing, and it assumed access to a "
    "dashboard that had been renamed. The engineers on call found their way, but slower than they "
    "could have.",
    "Communication worked well: the status page was updated within ten minutes of the incident being "
    "declared, and customer support had a prepared answer for the questions about {feature}.",
    "This is the second incident this year involving {dep}. The earlier one had a different trigger, "
    "but the same lack of back-pressure turned a small problem into a customer-visible one.",
    "Several engineers joined the incident call without a role, which made it harder for the incident "
    "commander to keep track of who was doing what. Assigning a scribe early would have helped.",
    "The blast radius was larger than it needed to be because {svc} and {dep} share infrastructure "
    "that was sized for the combined load of both at their usual levels, not at their peaks.",
    "Automated rollback did not trigger because the health checks stayed green: they tested that the "
    "process answered, not that it could do useful work.",
    "We considered failing over to another region early on, but the failover procedure had not been "
    "practised in months and we judged the risk of a manual failover higher than the cost of waiting.",
    "The dashboards we reached for first were built for capacity planning, with five-minute resolution. "
    "At that resolution the first {n} minutes of the incident looked like normal noise, and it took a "
    "query against the raw metrics to see the step change in {svc} errors.",
    "Nobody on the incident call could say with confidence who owned {dep}. The service catalog listed a "
    "team that had been merged into {team} in a reorganisation, and the pager rotation pointed to an "
    "engineer on leave. Ownership data is now checked weekly.",
    "The change that triggered the incident was small and well reviewed. What was missing was not care "
    "but visibility: the reviewers could not see which other services depended on the behaviour they "
    "were changing, and no test exercised that dependency end to end.",
    "Customers noticed before our alerts did in one region. Synthetic checks there ran every ten minutes, "
    "compared with every minute elsewhere, a leftover from a cost-saving exercise two years ago.",
    "We paged {team} engineers outside their working hours for a {sev} incident whose impact, in "
    "hindsight, could have waited for the morning. We will revisit which alerts page and which only "
    "open a ticket, so that pages keep their meaning.",
    "Retries made the incident worse. Clients of {svc} retried immediately on failure, so at the peak "
    "{dep} received about {mult} times its normal request rate, most of it retries of requests that "
    "had already failed.",
    "The incident commander handed over to a colleague after two hours, as our process suggests. The "
    "handover worked because the running log in the incident channel was complete; it is worth "
    "repeating how much that log helped.",
    "Error budgets for {svc} were already close to exhausted before this incident, after two smaller "
    "problems earlier in the quarter. The team will spend the rest of the quarter on reliability work "
    "rather than new features, as the error budget policy says.",
    "Our load tests did not reproduce the conditions of the incident because they use synthetic data "
    "with a uniform distribution of keys. Production traffic is heavily skewed: a few hundred customers "
    "account for most requests to {feature}.",
    "Rolling back took longer than rolling forward would have: the previous release of {svc} had a "
    "known bug that we had to patch first. We keep at least one known-good release ready to deploy, "
    "but it had not been updated in a month.",
    "The {region} region was affected more than others because it carries most of the traffic for "
    "{feature} during its local business hours, and the incident began as that traffic peaked.",
    "We have discussed whether {dep} should be a hard dependency of {svc} at all. For most requests "
    "{svc} could serve a slightly stale answer from its own cache, and degrade instead of failing.",
)
DETECTION = (
    "The first signal was {detector}, {detect_text} after the incident began. Our service-level alerts "
    "on {svc} burn through the error budget over a one-hour window, which is right for slow "
    "degradations but slow for a sudden failure like this one.",
    "Detection took {detect_text}. The alert that fired first was a symptom alert on {feature}; the "
    "cause alert on {dep} had a higher threshold and fired eight minutes later.",
    "Alerts fired promptly, but the page went to the {team} on-call engineer, who does not own {dep}. "
    "Routing the page to the right team took another ten minutes.",
)
IMPROVEMENTS = (
    "Treat the settings of {dep} that {svc} relies on as part of a contract, reviewed by both teams.",
    "Alert on the cause as well as the symptom, so the first page names the failing component.",
    "Practise the rollback and failover paths regularly, so they are fast when we need them.",
    "Make sure the runbook for {svc} is linked from every alert it raises.",
    "Give {feature} a degraded mode instead of an error page when {dep} is unavailable.",
)
WENT_WELL = (
    "The alert fired within minutes and reached the right on-call engineer.",
    "Rollback was quick once the cause was found.",
    "Support and engineering shared one incident channel, so customers got accurate updates.",
    "The incident commander kept a clear running log, which made this write-up easy.",
    "Dashboards for {svc} showed the problem clearly once we looked at the right panel.",
)
WENT_BADLY = (
    "The first alert described the symptom, not the cause.",
    "It took {n} minutes to find the change that triggered the incident.",
    "The runbook was out of date.",
    "Two engineers worked on the same hypothesis without knowing it.",
    "Our status page lagged the incident by twenty minutes.",
)

_WORD = re.compile(r"\S+")


# ---------------------------------------------------------------- helpers


def _yaml_str(value: str, rnd: random.Random) -> str:
    """A YAML scalar for `value`: plain where that is safe, else quoted (double or single)."""
    unsafe = (
        not value
        or value[0] in "-?:,[]{}#&*!|>'\"%@`"
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or value.strip() != value
        or value.lower() in ("yes", "no", "true", "false", "on", "off", "null", "~", "y", "n")
        or re.fullmatch(r"[-+]?[\d._:]+([eE][-+]?\d+)?", value) is not None
    )
    if not unsafe and rnd.random() < 0.85:
        return value
    if rnd.random() < 0.3 and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def _flow_list(items: list[str], rnd: random.Random) -> str:
    plain = all(re.fullmatch(r"[A-Za-z][\w.-]*( [\w.-]+)*", s) for s in items)
    if plain:
        return "[" + ", ".join(items) + "]"
    return "[" + ", ".join(json.dumps(s, ensure_ascii=False) for s in items) + "]"


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _slug(text: str) -> str:
    text = text.lower().replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncap(text: str) -> str:
    """Lower-case the first letter, unless the word is an acronym (DNS, TLS)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _duration_text(minutes: int) -> str:
    if minutes < 90:
        return f"{minutes} minutes"
    hours, rest = divmod(minutes, 60)
    if hours < 48:
        text = "1 hour" if hours == 1 else f"{hours} hours"
        return text if rest == 0 else f"{text} {rest} minute{'s' if rest != 1 else ''}"
    days, hours = divmod(hours, 24)
    return f"{days} days" + (f" {hours} hour{'s' if hours != 1 else ''}" if hours else "")


def _clock_12(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{hour}:{dt.minute:02d} {'AM' if dt.hour < 12 else 'PM'}"


def _offset_text(dt: datetime) -> str:
    offset = dt.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


class _Filler(dict[str, str]):
    """format_map mapping: `{Name}` is `{name}` with a capital first letter."""

    def __missing__(self, key: str) -> str:
        lower = key[:1].lower() + key[1:]
        if lower != key and lower in self:
            return _cap(self[lower])
        raise KeyError(key)


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class _Entry:
    at: datetime  # aware, UTC
    event: str
    kind: str


@dataclass(slots=True)
class _Page:
    """Everything decided about one page before it is written out."""

    rnd: random.Random
    index: int
    scenario: Scenario
    words: _Filler
    severity: str
    services: list[str]
    started: datetime  # UTC
    ended: datetime | None
    entries: list[_Entry]
    status: str
    page_tz: tzinfo  # the zone dateless times are read in
    zone_name: str | None  # the timezone: field, if written
    title: str
    impact: str
    actions: list[tuple[str, str, bool, str | None, datetime]] = field(default_factory=list)
    # (task, owner, done, ticket, due)


def _pick_severity(rnd: random.Random) -> str:
    roll = rnd.random()
    for sev, weight in SEVERITIES:
        if roll < weight:
            return sev
        roll -= weight
    return SEVERITIES[-1][0]


def _zone_is_steady(zone: ZoneInfo, start: datetime, end: datetime) -> bool:
    """No daylight-saving change from a day before `start` to a day after `end`."""
    before = (start - timedelta(days=1)).astimezone(zone).utcoffset()
    after = (end + timedelta(days=1)).astimezone(zone).utcoffset()
    return before == after


def _plan(seed: int, index: int) -> _Page:
    rnd = random.Random(f"mkdocs-postmortems-bench/{seed}/{index}")
    scenario = rnd.choice(SCENARIOS)
    severity = _pick_severity(rnd)
    primary = rnd.choice(SERVICES)
    dep = rnd.choice([s for s in SERVICES if s != primary])
    services = [primary, dep] if rnd.random() < 0.55 else [primary]
    if rnd.random() < 0.15:
        services.append(rnd.choice([s for s in SERVICES if s not in services]))

    # when: 2019-01 .. 2025-10, on whole minutes; durations log-normal (median ~70 min, long tail)
    base = datetime(2019, 1, 1, tzinfo=UTC)
    started = base + timedelta(minutes=rnd.randrange(0, 6 * 365 * 24 * 60 + 300 * 24 * 60))
    minutes = int(min(max(math.exp(rnd.gauss(math.log(70), 0.9)), 14), 3 * 24 * 60))
    status = rnd.choices(["final", "review", "draft", "ongoing"], [0.9, 0.06, 0.025, 0.015])[0]

    # the page's zone: UTC, or a team's IANA zone (avoiding daylight-saving changes mid-incident)
    zone_name: str | None = None
    page_tz: tzinfo = UTC
    if rnd.random() < 0.3:
        name = rnd.choice(ZONES)
        zone = ZoneInfo(name)
        for _ in range(8):  # move the incident a few days until no clock change falls inside it
            if _zone_is_steady(zone, started, started + timedelta(minutes=minutes)):
                page_tz, zone_name = zone, name
                break
            started += timedelta(days=9)

    ended = started + timedelta(minutes=minutes)
    count = rnd.randint(8, 20)
    entries = _timeline(rnd, scenario, started, minutes, count, status == "ongoing")
    if status == "ongoing":
        ended = None

    ic = f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}"
    users = rnd.choice([rnd.randint(40, 900), rnd.randint(1000, 90000)])
    words = _Filler(
        svc=primary,
        dep=dep,
        feature=rnd.choice(FEATURES),
        team=rnd.choice(TEAMS),
        region=rnd.choice(REGIONS),
        provider=rnd.choice(PROVIDERS),
        error=rnd.choice(ERRORS),
        ver=f"{rnd.randint(1, 9)}.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}",
        ic=ic,
        sev=severity,
        pct=str(rnd.choice([2, 4, 6, 9, 12, 18, 25, 35, 60, 100])),
        users=f"{users:,}",
        n=str(rnd.randint(3, 45)),
        mult=str(rnd.randint(2, 6)),
        limit=str(rnd.choice([1, 2, 5, 10])),
        cap=str(rnd.choice([300, 500, 800, 1200])),
        tickets=str(rnd.randint(12, 400)),
        flag=f"`{primary.replace('-', '_')}.{rnd.choice(['new_flow', 'v2', 'fast_path', 'rollout'])}`",
        ticket=f"{rnd.choice(TICKET_KEYS)}-{rnd.randint(10, 4999)}",
        dur=_duration_text(minutes),
        clock=started.strftime("%H:%M"),
    )
    for entry in entries:
        entry.event = entry.event.format_map(words)
    title = rnd.choice(scenario.titles).format_map(words)
    impact = rnd.choice(scenario.impact).format_map(words)
    page = _Page(
        rnd,
        index,
        scenario,
        words,
        severity,
        services,
        started,
        ended,
        entries,
        status,
        page_tz,
        zone_name,
        _cap(title),
        _cap(impact),
    )
    for _ in range(rnd.randint(2, 6)):
        task = rnd.choice(scenario.actions).format_map(words)
        if any(task == a[0] for a in page.actions):
            continue
        owner = rnd.choice(FIRST_NAMES).lower().replace("á", "a").replace("é", "e")
        ticket = f"{rnd.choice(TICKET_KEYS)}-{rnd.randint(10, 9999)}" if rnd.random() < 0.8 else None
        due = started + timedelta(days=rnd.randint(7, 90))
        page.actions.append((task, owner, rnd.random() < 0.45, ticket, due))
    return page


def _timeline(
    rnd: random.Random, scenario: Scenario, started: datetime, minutes: int, count: int, ongoing: bool
) -> list[_Entry]:
    """Entries from the trigger (at `started`) to the resolution (at `started + minutes`)."""
    total = minutes * 60
    detect = max(60, int(total * rnd.uniform(0.03, 0.3)))
    mitigate = detect + int((total - detect) * rnd.uniform(0.35, 0.85))
    middle = count - 4
    before = max(1, round(middle * 0.7))
    after = middle - before
    seconds = sorted(rnd.randint(detect, mitigate) for _ in range(before))
    seconds += sorted(rnd.randint(mitigate, total) for _ in range(after))
    entries = [
        _Entry(started, rnd.choice(scenario.trigger), "trigger"),
        _Entry(started + timedelta(seconds=detect), rnd.choice(scenario.symptom), "detect"),
    ]
    digging = list(scenario.digging + GENERIC_DIGGING)
    rnd.shuffle(digging)
    verify = list(GENERIC_VERIFY)
    rnd.shuffle(verify)
    for n, sec in enumerate(seconds[:before]):
        entries.append(
            _Entry(
                started + timedelta(seconds=sec),
                digging[n % len(digging)],
                "escalate" if "paged" in digging[n % len(digging)] else "investigate",
            )
        )
    entries.append(_Entry(started + timedelta(seconds=mitigate), rnd.choice(scenario.mitigate), "mitigate"))
    for n, sec in enumerate(seconds[before:]):
        entries.append(_Entry(started + timedelta(seconds=sec), verify[n % len(verify)], "verify"))
    if ongoing:
        entries.append(
            _Entry(
                started + timedelta(seconds=total),
                "Monitoring continues while the root cause is investigated; incident stays open",
                "communicate",
            )
        )
    else:
        entries.append(_Entry(started + timedelta(seconds=total), rnd.choice(GENERIC_RESOLVE), "resolve"))
    if rnd.random() < 0.7:  # most teams write whole minutes
        for entry in entries:
            entry.at = entry.at.replace(second=0)
    return entries


# ---------------------------------------------------------------- writing


@dataclass(slots=True)
class _Forms:
    """The written forms one page uses."""

    datetime_form: str  # "Z", "offset", "naive", "space-utc"
    quote_times: bool
    seconds: bool
    body_style: str  # "headings", "bold", "seed"
    fm_timeline: bool
    fm_actions: bool
    title_in_fm: bool
    stamp_form: str  # "24h", "24h-seconds", "12h"
    stamp_suffix: str  # "", "UTC", "Z", "offset"
    stamp_layout: str  # "plain", "bold-in", "bold-out", "table", "bold-sep"
    separator: str
    bullet: str
    task_list: bool


def _forms(page: _Page) -> _Forms:
    rnd = page.rnd
    body_style = rnd.choices(["headings", "bold", "seed"], [0.78, 0.12, 0.10])[0]
    if page.zone_name:
        datetime_form = rnd.choice(["naive", "naive", "offset"])
    else:
        datetime_form = rnd.choices(["Z", "offset", "naive", "space-utc"], [0.55, 0.15, 0.15, 0.15])[0]
    seconds_stamps = any(e.at.second for e in page.entries)
    stamp_form = "24h-seconds" if seconds_stamps else rnd.choices(["24h", "12h"], [0.75, 0.25])[0]
    if body_style == "seed" and not seconds_stamps:
        stamp_form = "12h"
    layouts = ["plain", "bold-in", "bold-out", "table", "bold-sep"]
    layout = rnd.choices(layouts, [0.45, 0.15, 0.1, 0.15, 0.15])[0]
    if body_style == "seed":
        layout = "bold-in"
    return _Forms(
        datetime_form=datetime_form,
        quote_times=rnd.random() < 0.3,
        seconds=rnd.random() < 0.6,
        body_style=body_style,
        fm_timeline=body_style == "headings" and rnd.random() < 0.15,
        fm_actions=body_style == "headings" and rnd.random() < 0.15,
        title_in_fm=body_style != "headings" or rnd.random() < 0.93,
        stamp_form=stamp_form,
        stamp_suffix=rnd.choices(["", "UTC", "Z", "offset"], [0.6, 0.2, 0.08, 0.12])[0],
        stamp_layout=layout,
        separator=rnd.choice([" — ", " - ", ": ", " – ", " — ", " - "]),
        bullet=rnd.choices(["-", "*", "1."], [0.8, 0.12, 0.08])[0],
        task_list=body_style == "seed" or rnd.random() < 0.8,
    )


def _dated_stamps_needed(page: _Page) -> bool:
    """Whether bare times could be misread: a step of 12 hours or more between entries."""
    steps = zip(page.entries, page.entries[1:], strict=False)
    return any(b.at - a.at >= timedelta(hours=11) for a, b in steps)


def _local(dt: datetime, page: _Page) -> datetime:
    return dt.astimezone(page.page_tz)


def _fm_datetime(dt: datetime, page: _Page, forms: _Forms) -> str:
    local = _local(dt, page)
    clock = local.strftime("%H:%M:%S" if forms.seconds or dt.second else "%H:%M")
    if forms.datetime_form == "Z" or (forms.datetime_form == "space-utc" and page.zone_name):
        text = (
            dt.astimezone(UTC).strftime("%Y-%m-%dT")
            + (dt.astimezone(UTC).strftime("%H:%M:%S" if forms.seconds or dt.second else "%H:%M"))
            + "Z"
        )
    elif forms.datetime_form == "offset":
        team = page.page_tz if page.zone_name else timezone(timedelta(hours=page.index % 5 - 2))
        there = dt.astimezone(team)
        text = (
            there.strftime("%Y-%m-%dT")
            + there.strftime("%H:%M:%S" if forms.seconds or dt.second else "%H:%M")
            + _offset_text(there)
        )
    elif forms.datetime_form == "space-utc":
        text = local.strftime("%Y-%m-%d ") + clock + " UTC"
    else:  # naive: the page's zone applies
        text = local.strftime("%Y-%m-%dT") + clock
    if forms.quote_times or forms.datetime_form == "space-utc":
        return f'"{text}"'
    return text


_TEAM_OFFSET = timezone(timedelta(hours=5, minutes=30))  # a UTC page whose stamps carry a team's offset


def _stamp(entry: _Entry, page: _Page, forms: _Forms, dated: bool) -> str:
    """The time stamp of one timeline entry as written in the body."""
    suffix = forms.stamp_suffix
    if suffix in ("UTC", "Z"):
        when = entry.at.astimezone(UTC)
    elif suffix == "offset":
        when = entry.at.astimezone(page.page_tz if page.zone_name else _TEAM_OFFSET)
    else:
        when = _local(entry.at, page)
    if forms.stamp_form == "12h":
        clock = _clock_12(when)
    elif forms.stamp_form == "24h-seconds":
        clock = when.strftime("%H:%M:%S")
    else:
        clock = when.strftime("%H:%M")
    text = (when.strftime("%Y-%m-%d ") if dated else "") + clock
    if suffix == "UTC" or (suffix == "Z" and forms.stamp_form == "12h"):
        text += " UTC"  # "8:21 PM UTC", not "8:21 PMZ"
    elif suffix == "Z":
        text += "Z"
    elif suffix == "offset":
        text += " " + _offset_text(when)
    return text


def _timeline_lines(page: _Page, forms: _Forms) -> list[str]:
    dated = _dated_stamps_needed(page)
    if not dated and page.rnd.random() < 0.06:
        dated = True  # some teams write the date on every entry anyway
    lines: list[str] = []
    sep = forms.separator
    layout = forms.stamp_layout
    if layout == "table":
        zone = {"UTC": "UTC", "Z": "UTC"}.get(forms.stamp_suffix, "")
        graphs = page.rnd.random() < 0.5
        lines.append(f"| Time{f' ({zone})' if zone else ''} | Event |" + (" Graph |" if graphs else ""))
        lines.append("| --- | --- |" + (" --- |" if graphs else ""))
        for n, entry in enumerate(page.entries):
            row = f"| {_stamp(entry, page, forms, dated)} | {entry.event} |"
            if graphs:
                start = int(page.started.timestamp() * 1000)
                row += (
                    f" [{page.words['svc']}](https://grafana.acme.example/d/{page.words['svc']}?"
                    f"from={start}&to={start + 7_200_000}&viewPanel={n + 1}) |"
                )
            lines.append(row)
        return lines
    for n, entry in enumerate(page.entries):
        stamp = _stamp(entry, page, forms, dated)
        bullet = f"{n + 1}." if forms.bullet == "1." else forms.bullet
        if layout == "bold-in":
            if forms.body_style == "seed" or sep.strip() == ":":
                lines.append(f"{bullet} **{stamp}:** {entry.event}")
            else:
                lines.append(f"{bullet} **{stamp} {sep.strip()}** {entry.event}")
        elif layout == "bold-out":
            lines.append(
                f"{bullet} **{stamp}**{sep}{entry.event}"
                if sep.strip() != ":"
                else f"{bullet} **{stamp}**: {entry.event}"
            )
        elif layout == "bold-sep":
            lines.append(f"{bullet} **{stamp}**{sep if sep.strip() != ':' else ' — '}{entry.event}")
        else:
            lines.append(f"{bullet} {stamp}{sep}{entry.event}")
    return lines


def _action_text(item: tuple[str, str, bool, str | None, datetime], rnd: random.Random) -> str:
    task, owner, _done, ticket, due = item
    text = task
    if rnd.random() < 0.85:
        text += f" @{owner}"
    if ticket:
        form = rnd.random()
        if form < 0.5:
            text += f" ({ticket})"
        elif form < 0.8:
            text += f" ([{ticket}](https://jira.acme.example/browse/{ticket}))"
        else:
            text += f" (https://github.com/acme/infra/issues/{ticket.split('-')[1]})"
    if rnd.random() < 0.25:
        text += f", due {due.date().isoformat()}"
    return text


def _action_lines(page: _Page, forms: _Forms, indent: str = "") -> list[str]:
    rnd = page.rnd
    lines = []
    for item in page.actions:
        text = _action_text(item, rnd)
        if forms.task_list:
            lines.append(f"{indent}- [{'x' if item[2] else ' '}] {text}")
        else:
            lines.append(f"{indent}- {text}")
    return lines


def _front_matter(page: _Page, forms: _Forms) -> list[str]:
    rnd = page.rnd
    lines = ["---"]
    entries = {e.kind: e for e in page.entries}
    if forms.title_in_fm:
        lines.append(f"title: {_yaml_str(page.title, rnd)}")
    lines.append(f"started: {_fm_datetime(page.started, page, forms)}")
    if "detect" in entries and rnd.random() < 0.8:
        lines.append(f"detected: {_fm_datetime(entries['detect'].at, page, forms)}")
    if "mitigate" in entries and rnd.random() < 0.7:
        lines.append(f"mitigated: {_fm_datetime(entries['mitigate'].at, page, forms)}")
    if page.ended is not None:
        lines.append(f"ended: {_fm_datetime(page.ended, page, forms)}")
    if rnd.random() < 0.2:
        lines.append(f"date: {_local(page.started, page).date().isoformat()}")
    if page.zone_name:
        lines.append(f"timezone: {page.zone_name}")
    lines.append(f"severity: {page.severity}")
    if len(page.services) == 1 and rnd.random() < 0.3:
        lines.append(f"services: {page.services[0]}")
    elif rnd.random() < 0.8:
        lines.append(f"services: {_flow_list(page.services, rnd)}")
    else:
        lines.append("services:")
        lines += [f"  - {s}" for s in page.services]
    if page.status != "final" or rnd.random() < 0.2:
        lines.append(f"status: {page.status}")
    lines.append(f"impact: {_yaml_str(page.impact, rnd)}")
    roll = rnd.random()
    if roll < 0.4:
        lines.append(f"affected_users: {page.words['users'].replace(',', '')}")
    elif roll < 0.75:
        pct = page.words["pct"]
        lines.append(f'affected_users: "{pct}%"' if rnd.random() < 0.7 else f"affected_users: {pct}%")
    authors = [f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}" for _ in range(rnd.choice([1, 1, 2, 3]))]
    if len(authors) == 1 and rnd.random() < 0.4:
        lines.append(f"authors: {authors[0]}")
    else:
        lines.append(f"authors: {_flow_list(authors, rnd)}")
    tags = list(
        dict.fromkeys(
            [
                *page.scenario.tags[: rnd.randint(1, len(page.scenario.tags))],
                *rnd.sample(TAGS, rnd.randint(0, 2)),
            ]
        )
    )
    if len(tags) == 1 and rnd.random() < 0.5:
        lines.append(f"tags: {tags[0]}")
    elif tags:
        lines.append(f"tags: {_flow_list(tags, rnd)}")
    # teams' own keys (the contract allows unknown keys)
    if rnd.random() < 0.35:
        lines.append(f"incident_commander: {page.words['ic']}")
    if rnd.random() < 0.2:
        lines.append(f'slack_channel: "#inc-{page.started.strftime("%Y%m%d")}-{page.words["svc"]}"')
    if rnd.random() < 0.1:
        lines.append(f"customer_facing: {'true' if page.severity in ('SEV1', 'SEV2') else 'false'}")
    if forms.fm_timeline:
        lines += _fm_timeline(page, forms)
    if forms.fm_actions:
        lines.append("action_items:")
        for task, owner, done, ticket, due in page.actions:
            lines.append(f"  - task: {_yaml_str(task, rnd)}")
            if rnd.random() < 0.9:
                lines.append(f"    owner: {owner}")
            lines.append(f"    status: {'done' if done else 'open'}")
            if rnd.random() < 0.7:
                lines.append(
                    f"    due: {due.date().isoformat()}"
                    if rnd.random() < 0.5
                    else f'    due: "{due.date().isoformat()}"'
                )
            if ticket:
                lines.append(
                    f"    ticket: {ticket}"
                    if rnd.random() < 0.7
                    else f"    ticket: https://jira.acme.example/browse/{ticket}"
                )
    lines.append("---")
    return lines


def _fm_timeline(page: _Page, forms: _Forms) -> list[str]:
    rnd = page.rnd
    lines = ["timeline:"]
    full = _dated_stamps_needed(page) or rnd.random() < 0.6
    for entry in page.entries:
        if full:
            at = _fm_datetime(entry.at, page, forms).strip('"')
            at = f'"{at}"' if rnd.random() < 0.3 or " " in at else at
        else:
            local = _local(entry.at, page)
            at = local.strftime("%H:%M:%S" if entry.at.second else "%H:%M")
            at = f'"{at}"' if rnd.random() < 0.5 else at
        lines.append(f"  - at: {at}")
        lines.append(f"    event: {_yaml_str(entry.event, rnd)}")
        if rnd.random() < 0.9:
            lines.append(f"    kind: {entry.kind}")
    return lines


_ALIASES = {
    "Summary": ("Summary", "Summary", "Summary", "Issue Summary", "Overview", "Executive Summary"),
    "Timeline": ("Timeline",),
    "Root Cause": ("Root Cause", "Root Cause", "Root Cause", "Root Causes", "Cause", "Contributing Factors"),
    "Resolution": ("Resolution", "Resolution", "Mitigation", "Recovery"),
    "Action Items": (
        "Action Items",
        "Action Items",
        "Action Items",
        "Corrective and Preventative Measures",
        "Corrective Actions",
        "Follow-ups",
        "Task List",
    ),
}


def _heading(name: str, rnd: random.Random) -> str:
    text = rnd.choice(_ALIASES[name])
    roll = rnd.random()
    if roll < 0.12:
        return text.lower()
    if roll < 0.2:
        return text[:1] + text[1:].lower()
    if roll < 0.22:
        return text.upper()
    return text


def _fill(template: str, page: _Page, extra: dict[str, str]) -> str:
    words = _Filler(page.words)
    words.update(extra)
    return template.format_map(words)


def _body_texts(page: _Page) -> dict[str, str]:
    """The prose of the page's sections, with about 800 words in all."""
    rnd = page.rnd
    detect = next((e for e in page.entries if e.kind == "detect"), page.entries[0])
    mitigate = next((e for e in page.entries if e.kind == "mitigate"), page.entries[-1])
    local = _local(page.started, page)
    end_local = _local(page.ended or page.entries[-1].at, page)
    extra = {
        "day_long": f"{local.strftime('%A')} {local.day} {local.strftime('%B %Y')}",
        "what": _uncap(rnd.choice(page.scenario.titles).format_map(page.words)),
        "dur_text": page.words["dur"],
        "impact_lower": page.impact[:1].lower() + page.impact[1:],
        "Impact": page.impact,
        "start_clock": local.strftime("%H:%M"),
        "end_clock": end_local.strftime("%H:%M"),
        "zone_name": page.zone_name or "UTC",
        "detect_text": _duration_text(max(1, int((detect.at - page.started).total_seconds() // 60))),
        "mitigate_text": _duration_text(max(1, int((mitigate.at - page.started).total_seconds() // 60))),
        "detector": rnd.choice(DETECTORS),
    }
    summary = [_fill(rnd.choice(SUMMARY_OPENERS), page, extra)]
    more = [_fill(t, page, extra) for t in rnd.sample(SUMMARY_MORE, rnd.randint(2, 4))]
    summary += more
    cause = [_fill(t, page, extra) for t in page.scenario.cause]
    fix = [_fill(t, page, extra) for t in page.scenario.fix]
    discussion = [_fill(t, page, extra) for t in rnd.sample(DISCUSSION, len(DISCUSSION))]
    return {
        "summary": " ".join(summary[:2]) + ("\n\n" + " ".join(summary[2:]) if summary[2:] else ""),
        "summary_more": " ".join(more),
        "detection": _fill(rnd.choice(DETECTION), page, extra),
        "cause": "\n\n".join(cause),
        "fix": "\n\n".join(fix),
        "discussion": "\n\n".join(discussion),
    }


def _render(page: _Page) -> tuple[str, str]:
    rnd = page.rnd
    forms = _forms(page)
    texts = _body_texts(page)
    front = _front_matter(page, forms)
    target = int(rnd.gauss(800, 70))
    timeline = _timeline_lines(page, forms)
    actions = _action_lines(page, forms)
    discussion = texts["discussion"].split("\n\n")
    if forms.body_style == "seed":
        body = _seed_body(page, forms, texts, timeline, actions)
    else:
        body = _section_body(page, forms, texts, timeline, actions)

    # pad with discussion paragraphs (Root Cause) until the page has about `target` words
    words = _words("\n".join(front)) + _words(body)
    extra: list[str] = []
    while discussion and words < target:
        paragraph = discussion.pop()
        extra.append(paragraph)
        words += _words(paragraph)
    body = body.replace("\x00DISCUSSION\x00", "\n\n".join(extra) + "\n\n" if extra else "")
    text = "\n".join(front) + "\n" + body
    date = _local(page.started, page).date().isoformat()
    return f"{date}-{_slug(page.title)}.md", text


def _marker(name: str, rnd: random.Random, style: str) -> str:
    """A section start: a heading, or a bold paragraph ending in a colon."""
    text = _heading(name, rnd)
    if style == "headings":
        return f"## {text}"
    roll = rnd.random()
    if roll < 0.6:
        return f"**{text}:**"
    if roll < 0.85:
        return f"**{text}**:"
    return f"__{text}:__"


def _section_body(
    page: _Page, forms: _Forms, texts: dict[str, str], timeline: list[str], actions: list[str]
) -> str:
    rnd = page.rnd
    style = forms.body_style
    out: list[str] = []
    if forms.title_in_fm and rnd.random() < 0.2 and style == "headings":
        pass  # no H1: MkDocs and the plugin take the title from front matter
    elif style == "headings":
        out += [f"# {page.title}", ""]
    else:
        out += [f"**{page.title}**", ""]
    out += [_marker("Summary", rnd, style), "", texts["summary"], ""]
    if rnd.random() < 0.3 and style == "headings":
        out += ["## Impact", "", f"{page.impact} The incident was rated {page.severity}.", ""]
    if rnd.random() < 0.4 and style == "headings":
        out += ["## Detection", "", texts["detection"], ""]
    out += [_marker("Timeline", rnd, style), ""]
    if forms.fm_timeline:
        out += ["The timeline is kept in the front matter of this page and drawn above.", ""]
    else:
        if rnd.random() < 0.5:
            zone = page.zone_name or "UTC"
            out += [
                f"All times {zone} unless marked otherwise."
                if forms.stamp_suffix in ("", "offset")
                else "Times as recorded in the incident channel.",
                "",
            ]
        out += [*timeline, ""]
    combined = rnd.random() < 0.12
    if combined:
        out += [_marker_exact("Root Cause and Resolution", rnd, style), ""]
        out += ["\x00DISCUSSION\x00" + texts["cause"], "", texts["fix"], ""]
    else:
        out += [_marker("Root Cause", rnd, style), "", texts["cause"], ""]
        out += ["\x00DISCUSSION\x00".rstrip()]
        out += [_marker("Resolution", rnd, style), "", texts["fix"], ""]
    if rnd.random() < 0.35 and style == "headings":
        out += ["## Lessons Learned", "", "### What went well", ""]
        out += [f"- {_fill(t, page, {})}" for t in rnd.sample(WENT_WELL, 2)]
        out += ["", "### What went wrong", ""]
        out += [f"- {_fill(t, page, {})}" for t in rnd.sample(WENT_BADLY, 2)]
        out.append("")
    out += [_marker("Action Items", rnd, style), ""]
    if forms.fm_actions:
        out += ["Tracked in the front matter of this page.", ""]
    else:
        out += [*actions, ""]
    return "\n".join(out)


def _marker_exact(text: str, rnd: random.Random, style: str) -> str:
    if style == "headings":
        return f"## {text}"
    return f"**{text}:**"


_SEED_ACTION_MARKERS = ("Corrective and Preventative Measures", "Corrective Actions", "Follow-ups")


def _seed_body(
    page: _Page, forms: _Forms, texts: dict[str, str], timeline: list[str], actions: list[str]
) -> str:
    """The layout of the seed postmortem: bold markers, rules between parts, nested task list."""
    rnd = page.rnd
    local = _local(page.started, page)
    end = _local(page.ended or page.entries[-1].at, page)
    zone = page.zone_name or "UTC"
    minutes = int(((page.ended or page.entries[-1].at) - page.started).total_seconds() // 60)
    trail = "  " if rnd.random() < 0.5 else ""  # the seed's trailing double spaces
    cause, *more = texts["cause"].split("\n\n")
    out = [
        f"**Postmortem: “{page.title}” - {_cap(page.words['svc'])} Outage**",
        "",
        f"**Issue Summary:**{trail}",
        f"- **Duration:** {local.strftime('%B')} {local.day}, {local.year}, {_clock_12(local)} - "
        f"{_clock_12(end)} {zone} ({_duration_text(minutes)})",
        f"- **Impact:** {page.impact} {texts['summary_more']}",
        f"{trail}",
        "",
        f"**Root Cause:** In short, {cause[:1].lower() + cause[1:]}",
        "",
        "---",
        "",
        f"**Timeline:**{trail}",
        *[line + trail for line in timeline],
        "",
        "---",
        "",
        f"**Root Cause and Resolution:**{trail}",
        f"- **Root Cause:** {' '.join(more) or cause}",
        f"{trail}",
        f"- **Resolution:** {texts['fix']}",
        "",
        "\x00DISCUSSION\x00---",
        "",
        f"**{rnd.choice(_SEED_ACTION_MARKERS)}:**{trail}",
        "- **Improvements:**",
        *[f"  - {_fill(t, page, {})}" for t in rnd.sample(IMPROVEMENTS, 2)],
        "",
        "- **Task List:**",
        *[line + trail for line in _action_lines(page, forms, indent="  ")],
        "",
        "---",
        "",
        f"Let’s make sure the next {page.words['feature']} incident ends with happy customers, not a page.",
        "",
    ]
    return "\n".join(out)


# ---------------------------------------------------------------- API


def one_page(seed: int, index: int) -> tuple[str, str]:
    """Page `index` of the corpus for `seed`: (file name, text)."""
    return _render(_plan(seed, index))


def generate(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """`n` postmortems as (file name, text); file names are unique (a collision gets `-<index>`)."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index in range(n):
        name, text = one_page(seed, index)
        if name in seen:
            name = f"{name[:-3]}-{index}.md"
        seen.add(name)
        out.append((name, text))
    return out


def write(n: int, outdir: Path, seed: int = 1) -> int:
    """Write the corpus into `outdir` (created); returns the number of files."""
    outdir.mkdir(parents=True, exist_ok=True)
    pages = generate(n, seed)
    for name, text in pages:
        (outdir / name).write_text(text, encoding="utf-8")
    return len(pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N generated postmortems into OUTDIR.")
    parser.add_argument("n", type=int, metavar="N")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be 0 or more")
    count = write(args.n, args.outdir, args.seed)
    print(f"wrote {count} postmortems to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
