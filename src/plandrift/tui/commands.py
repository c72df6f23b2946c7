"""Command-palette entries: jump to a goal, jump to a document."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .typed import HasApp


class GoalCommands(HasApp, Provider):
    """'Jump to goal': every goal by title, metric or id."""

    async def startup(self) -> None:
        worker = self.app.run_worker(self.plandrift.library.chains, thread=True)
        self.rows = await worker.wait()

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for r in self.rows:
            text = f"goal: {r.title}  {r.metric or ''}"
            score = matcher.match(text)
            if query and query in text:
                score = max(score, 0.9)  # Chinese substrings match whole, not as fuzzy letters
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.plandrift.open_goal, r.id),
                    help=f"{r.status} · {r.id}",
                )

    async def discover(self) -> Hits:
        for r in self.rows[:30]:
            yield DiscoveryHit(
                f"goal: {r.title}", partial(self.plandrift.open_goal, r.id), help=r.status
            )


class DocumentCommands(HasApp, Provider):
    """'Jump to document': open a document to read."""

    async def startup(self) -> None:
        worker = self.app.run_worker(self.plandrift.library.documents, thread=True)
        self.docs = await worker.wait()

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for d in self.docs:
            text = f"document: {d.year} {d.id} {d.title}"
            score = matcher.match(text)
            if query and query in text:
                score = max(score, 0.9)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
                    partial(self.plandrift.open_document, d.id),
                    help=d.kind,
                )

    async def discover(self) -> Hits:
        for d in self.docs:
            yield DiscoveryHit(
                f"document: {d.year} {d.id}",
                partial(self.plandrift.open_document, d.id),
                help=d.title,
            )
