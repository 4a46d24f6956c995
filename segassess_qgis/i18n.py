"""Loading the plugin's Qt translation (i18n/segassess_<locale>.qm) for the QGIS user locale.

Why separate: the plugin installs the translator before registering the Processing provider
(so algorithm names are translated in the toolbox and in qgis_process), and the tests use the
same lookup with an explicit locale.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

I18N_DIR = Path(__file__).resolve().parent.parent / "i18n"
CONTEXT = "SegAssess"


def qm_path_for(locale: str, i18n_dir: Path = I18N_DIR) -> Optional[Path]:
    """The .qm file for a locale: exact (`zh_CN`) first, then the language only (`fr_FR` -> `fr`)."""
    if not locale:
        return None
    locale = locale.replace("-", "_")
    candidates = [locale]
    lang = locale.split("_", 1)[0]
    if lang != locale:
        candidates.append(lang)
    for name in candidates:
        p = Path(i18n_dir) / f"segassess_{name}.qm"
        if p.is_file():
            return p
    return None


def qgis_locale() -> str:
    """The locale of QGIS's UI, decided as QGIS does: the user override if set, else the system's."""
    from qgis.core import QgsApplication, QgsSettings
    from qgis.PyQt.QtCore import QLocale

    app = QgsApplication.instance()
    if isinstance(app, QgsApplication):
        try:
            name = app.translation()
            if name:
                return name
        except (AttributeError, TypeError):
            pass
    s = QgsSettings()
    if s.value("locale/overrideFlag", False, type=bool):
        user = s.value("locale/userLocale", "", type=str)
        if user:
            return user
    return QLocale.system().name()


def install_translator(locale: Optional[str] = None, i18n_dir: Path = I18N_DIR):
    """Load and install the translator for `locale` (default: QGIS's); None if there is no .qm."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    path = qm_path_for(locale if locale is not None else qgis_locale(), i18n_dir)
    if path is None:
        return None
    tr = QTranslator()
    if not tr.load(str(path)):
        return None
    QCoreApplication.installTranslator(tr)
    return tr


def remove_translator(translator) -> None:
    """Uninstall a translator installed by `install_translator` (no-op for None)."""
    if translator is None:
        return
    from qgis.PyQt.QtCore import QCoreApplication

    QCoreApplication.removeTranslator(translator)


def tr(text: str) -> str:
    """Translate a user-visible string (context "SegAssess"; fr and zh_CN in i18n/)."""
    from qgis.PyQt.QtCore import QCoreApplication

    return QCoreApplication.translate(CONTEXT, text)
