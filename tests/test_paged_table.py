"""PagedTable: a screenful at once, the rest a moment later, and a new fill cancels an old one's rest."""

from __future__ import annotations

from textual.app import App, ComposeResult

from rmtui.tui.widgets.paged_table import BATCH, PagedTable, TableRow


class OneTable(App[None]):
    def compose(self) -> ComposeResult:
        yield PagedTable()

    def on_mount(self) -> None:
        self.query_one(PagedTable).add_column("n", key="n")


def rows(count: int, prefix: str) -> list[str]:
    return [f"{prefix}{n}" for n in range(count)]


def row(name: str) -> TableRow:
    return TableRow((name,), key=name)


async def test_the_first_screenful_comes_at_once_and_the_rest_soon_after() -> None:
    app = OneTable()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PagedTable)
        batches, built = [], []
        table.fill(rows(100, "a"), lambda name: built.append(name) or row(name),
                   added=lambda: batches.append(table.row_count))  # fmt: skip
        assert table.row_count == 10 and batches == [10] and len(built) == 10, "the rest are built later too"
        await pilot.pause(0.2)
        assert table.row_count == 100 and batches == [10, 100] and len(built) == 100


async def test_a_long_rest_comes_in_batches_so_keys_are_handled_between_them() -> None:
    app = OneTable()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PagedTable)
        batches: list[int] = []
        table.fill(rows(10 + 2 * BATCH + 5, "a"), row, added=lambda: batches.append(table.row_count))
        for _ in range(50):
            await pilot.pause(0.05)
            if table.row_count == 10 + 2 * BATCH + 5:
                break
        assert batches == [10, 10 + BATCH, 10 + 2 * BATCH, 10 + 2 * BATCH + 5]


async def test_a_new_fill_cancels_the_rest_of_the_old_one() -> None:
    app = OneTable()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(PagedTable)
        table.fill(rows(100, "a"), row)
        table.fill(rows(3, "b"), row)
        await pilot.pause(0.2)
        assert table.row_count == 3 and "a50" not in table.rows
