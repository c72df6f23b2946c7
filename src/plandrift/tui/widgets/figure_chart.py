"""The goal's figures by year: actuals, targets and the straight path, drawn with plotext
(textual-plotext, MIT) so the shape of a promise reads at a glance."""

from __future__ import annotations

from textual_plotext import PlotextPlot

from .. import model


class FigureChart(PlotextPlot):
    """Hidden for a goal with nothing to draw (qualitative, or a single figure)."""

    def draw(self, data: model.Series | None) -> None:
        self.display = data is not None
        if data is None:
            return
        plt = self.plt
        plt.clear_figure()
        years = sorted({y for y, _ in data.actuals + data.targets + data.path})
        plt.xticks([float(y) for y in years], [str(y) for y in years])
        if data.path:
            plt.plot(
                [y for y, _ in data.path],
                [v for _, v in data.path],
                label="straight path",
                marker="dot",
            )
        if data.actuals:
            plt.plot(
                [y for y, _ in data.actuals],
                [v for _, v in data.actuals],
                label="reported",
                marker="braille",
            )
        if data.targets:
            plt.scatter(
                [y for y, _ in data.targets],
                [v for _, v in data.targets],
                label="promised",
                marker="x",
            )
        plt.title(f"figures by year ({data.unit})")
        self.refresh()
