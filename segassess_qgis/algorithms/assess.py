"""segassess:assess: the ground-truth-free quality map of an annotation, from a network."""
from __future__ import annotations

import shutil
from pathlib import Path

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
)

from ..qgis_io import RELEASES_URL, sheet_name, temp_dir, tr
from .assess_base import AssessBase
from .base import call, cancelled, require
from .delivery import Presentation
from .help import common_help
from .model_choice import (demo_warning, model_parameter, model_tile_size, precision_parameter, precision_value,
                           registry_models, resolve_model)


DEVICES = ("auto", "cpu", "cuda")
ENGINES = ("torch", "onnx")


def device_problem(device: str, engine: str) -> str | None:
    """Why the chosen device cannot be used (None when it can)."""
    if device != "cuda":
        return None
    if engine == "onnx":
        import onnxruntime as ort

        if "CUDAExecutionProvider" not in ort.get_available_providers():
            return tr("CUDA was chosen but this ONNX Runtime has no CUDA support (available: {prov}); install "
                      "onnxruntime-gpu into QGIS's Python, or choose 'auto' or 'CPU'.").format(
                prov=", ".join(ort.get_available_providers()))
        return None
    import torch

    if not torch.cuda.is_available():
        built = getattr(torch.version, "cuda", None)
        if not built:
            why = tr("the installed PyTorch {v} is a CPU-only build").format(v=torch.__version__)
        else:
            why = tr("PyTorch {v} (built for CUDA {c}) finds no usable NVIDIA GPU or driver").format(
                v=torch.__version__, c=built)
        return tr("CUDA was chosen but {why}; choose 'auto' or 'CPU', or install a CUDA build of PyTorch "
                  "(Plugins > SegAssess > Check / install dependencies).").format(why=why)
    return None


class AssessAlgorithm(AssessBase):
    def name(self):
        return "assess"

    def displayName(self):  # noqa: N802
        return tr("Assess segmentation quality")

    def shortHelpString(self):  # noqa: N802
        known = registry_models()
        lines = "".join(
            "<li>{name}: {obj} ({ds}), {tile} px tiles{builtin}</li>".format(
                name=m.get("name"), obj=m.get("object_type", ""), ds=m.get("dataset", ""),
                tile=m.get("tile_size", "?"), builtin=(" – " + tr("built in") if m.get("builtin") else ""))
            for m in known)
        return (
            "<p>" + tr("Predicts, without any ground truth, for every pixel whether the annotation is right or "
                       "wrong: TP (annotated and correct), FP (annotated but no object), TN, FN (object not "
                       "annotated). A SegAssess network looks at the image and the annotation together, tile by "
                       "tile.") + "</p>"
            + common_help(" " + tr("Model file: SegAssess weights (.pkl/.pth released by the authors, "
                                   ".safetensors, or an .onnx export). Empty: the built-in tiny demo model "
                                   "(trained on generated scenes, for trying the tool, not for real imagery)."))
            + "<p><b>" + tr("Models") + "</b>: " + tr("download released model files from {url} (not "
                                                      "redistributed with the plugin). Known models:").format(
                url=RELEASES_URL) + "<ul>" + lines + "</ul></p>"
            + "<p><b>" + tr("Settings") + "</b>: " + tr("tile size 0 uses the tile size the model was trained on "
                                                        "(listed above; else a multiple of 16); overlap blends tile borders; device 'auto' "
                                                        "uses CUDA when PyTorch finds a GPU; ONNX Runtime runs an "
                                                        ".onnx file (see 'Export model to ONNX') or exports a checkpoint "
                                                        "once; 'consistent classes' forbids TP/FP outside the "
                                                        "annotation and TN/FN inside it (the released model does "
                                                        "not enforce this).") + "</p>"
            + "<p><b>" + tr("Limits") + "</b>: " + tr("the image must be a file-based, north-up, georeferenced "
                                                      "raster; 8-bit RGB imagery of 0.3-1 m resolution matches the "
                                                      "training data best; quality is an estimate, check the "
                                                      "confidence raster.") + "</p>")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_image_and_annotation()
        self.add_network_parameters()
        self.add_min_area()
        self.add_outputs()

    def add_network_parameters(self):
        """MODEL, the tiling (TILE_SIZE 0: the model's own), and the advanced DEVICE, ENGINE, PRECISION,
        CONSISTENT."""
        self.addParameter(model_parameter())
        self.add_tiling(batch_default=4, tile_default=0)
        dev = QgsProcessingParameterEnum("DEVICE", tr("Device"), [tr("auto"), tr("CPU"), tr("CUDA (NVIDIA GPU)")],
                                         defaultValue=0)
        dev.setFlags(dev.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(dev)
        eng = QgsProcessingParameterEnum("ENGINE", tr("Inference engine"), [tr("PyTorch"), tr("ONNX Runtime")],
                                         defaultValue=0)
        eng.setFlags(eng.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(eng)
        self.addParameter(precision_parameter())
        cons = QgsProcessingParameterBoolean(
            "CONSISTENT", tr("Consistent classes (TP/FP only inside the annotation, TN/FN outside)"),
            defaultValue=False)
        cons.setFlags(cons.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addParameter(cons)

    def model_path(self, parameters, context, feedback) -> tuple[Path, bool]:
        """The model file and whether it is the demo model (which the log then says, in orange)."""
        model, is_demo = resolve_model(self.parameterAsFile(parameters, "MODEL", context))
        if is_demo:
            feedback.pushWarning(demo_warning())
        return model, is_demo

    def tile_size(self, parameters, context, feedback, model: Path) -> int:
        """TILE_SIZE, or with 0 (the default) the tile size the model was trained for."""
        own = model_tile_size(model)
        size = self.parameterAsInt(parameters, "TILE_SIZE", context) or own
        if size != own:
            feedback.pushWarning(tr("The model {name} was trained on {t} px tiles but the tile size is {s} px; "
                                    "results are usually best at {t} (tile size 0).").format(
                name=model.name, t=own, s=size))
        return size

    def engine_and_device(self, parameters, context, feedback, model: Path) -> tuple[str, str]:
        """ENGINE (ONNX Runtime for an .onnx file) and DEVICE, their packages imported and the device checked."""
        engine = ENGINES[self.parameterAsEnum(parameters, "ENGINE", context)]
        device = DEVICES[self.parameterAsEnum(parameters, "DEVICE", context)]
        if model.suffix.lower() == ".onnx" and engine != "onnx":
            feedback.pushInfo(tr("The model is an ONNX file: using ONNX Runtime."))
            engine = "onnx"
        elif engine == "onnx":
            feedback.pushInfo(tr("ONNX Runtime with a PyTorch checkpoint: the model is exported to ONNX once "
                                 "and cached."))
        require("onnx" if engine == "onnx" else "network")
        problem = device_problem(device, engine)
        if problem:
            raise QgsProcessingException(problem)
        return engine, device

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        from ...core.assess.job import AssessJob

        image_layer, image_path = self.image_layer(parameters, context)
        model, is_demo = self.model_path(parameters, context, feedback)
        engine, device = self.engine_and_device(parameters, context, feedback, model)
        args = self.common_job_args(parameters, context, self.tile_size(parameters, context, feedback, model))

        work = temp_dir("segassess_assess")
        try:
            feedback.setProgressText(tr("Reading the annotation"))
            annotation = self.annotation_spec(parameters, context, feedback, image_layer, work)
            if feedback.isCanceled():
                raise cancelled()
            feedback.setProgress(5)
            feedback.setProgressText(tr("Loading the model {name}").format(name=model.name))
            consistent = self.parameterAsBool(parameters, "CONSISTENT", context)
            assessor = load_assessor(model, engine, args["tile_size"], device, args["batch_size"], consistent,
                                     precision_value(self, parameters, context))
            feedback.pushInfo(tr("Model {name} on {device} ({engine}).").format(
                name=model.name, device=getattr(assessor, "device", device), engine=engine))
            if feedback.isCanceled():
                raise cancelled()
            feedback.setProgress(10)
            job = AssessJob(image=Path(image_path), annotation=annotation, out_dir=work / "out", overwrite=True,
                            **args)
            return self.run_core(job, assessor, parameters, context, feedback, image_layer,
                                 presentation(sheet_name(image_layer), is_demo))
        finally:  # the exported annotation GeoPackage, also when loading the model failed
            shutil.rmtree(work, ignore_errors=True)


def presentation(sheet: str, is_demo: bool) -> Presentation:
    group = tr("SegAssess – {sheet} (demo model)") if is_demo else tr("SegAssess – {sheet}")
    title = tr("SegAssess quality assessment (demo model)") if is_demo else tr("SegAssess quality assessment")
    return Presentation(title, group.format(sheet=sheet), exact=False, warnings=(demo_warning(),) if is_demo else ())


def load_assessor(model: Path, engine: str, tile_size: int, device: str, batch_size: int,
                  consistent: bool = False, precision: str = "auto", **options):
    """The network assessor from the model engineer's API (cached per process; imported by require).
    options: make_assessor's (split=True: the ONNX engine encodes once for several candidates)."""
    from ...models.engines import make_assessor

    return call(make_assessor, str(model), engine=engine, tile_size=tile_size, device=device,
                batch_size=batch_size, consistent=consistent, precision=precision, **options)
