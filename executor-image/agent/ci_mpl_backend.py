"""Matplotlib backend selected with ``MPLBACKEND=module://ci_mpl_backend``.

Agg based and non-interactive: ``pyplot.show()`` (and ``Figure.show()`` on a pyplot figure)
saves the figures to ``<cwd>/plot.png`` (then plot_2.png, plot_3.png, ...) and closes
them, like an inline notebook backend would.  ``savefig`` works as with Agg.
Works with the module-level backend API of matplotlib >= 3.6.
"""
import os

from matplotlib._pylab_helpers import Gcf
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg

_saved = 0


def _save(figure):
    global _saved
    _saved += 1
    name = "plot.png" if _saved == 1 else f"plot_{_saved}.png"
    figure.savefig(os.path.join(os.getcwd(), name), format="png")


class FigureManager(FigureManagerBase):
    def show(self):
        _save(self.canvas.figure)


class FigureCanvas(FigureCanvasAgg):
    manager_class = FigureManager


def show(*args, **kwargs):
    for manager in Gcf.get_all_fig_managers():
        _save(manager.canvas.figure)
    Gcf.destroy_all()
