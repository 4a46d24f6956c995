<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SegAssess</name>
    <message>
        <location filename="../core/assess/annotation.py" line="156"/>
        <source>No feature of the {what} {name} lies inside the image (the nearest lies {distance} away): every object on it will be a missed object (FN); if that is unexpected, check that both layers show the same place and that their CRSs are declared correctly.</source>
        <translation>{what} {name} 中没有任何要素位于影像范围内（最近的要素距离 {distance}）：影像上的每个目标都将是漏检目标（FN）；如果这出乎意料，请检查两个图层是否显示同一地点，以及它们的坐标参考系是否声明正确。</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="161"/>
        <source>No feature of the {what} {name} lies inside the image (the layer's extent lies {distance} away): every object on it will be a missed object (FN); if that is unexpected, check that both layers show the same place and that their CRSs are declared correctly.</source>
        <translation>{what} {name} 中没有任何要素位于影像范围内（图层范围距离 {distance}）：影像上的每个目标都将是漏检目标（FN）；如果这出乎意料，请检查两个图层是否显示同一地点，以及它们的坐标参考系是否声明正确。</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="230"/>
        <source>No feature of the {what} {name} lies inside the image.</source>
        <translation>{what} {name} 中没有任何要素位于影像范围内。</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="232"/>
        <source>The {what} {name} has no features matching {where}: every pixel will be treated as background (TN/FN).</source>
        <translation>{what} {name} 中没有符合 {where} 的要素：所有像素都将视为背景（TN/FN）。</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="235"/>
        <source>The {what} {name} has no features: every pixel will be treated as background (TN/FN).</source>
        <translation>{what} {name} 中没有要素：所有像素都将视为背景（TN/FN）。</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="241"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="278"/>
        <source>Polygonizing false positives and false negatives</source>
        <translation>正在将误检和漏检区域矢量化</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="297"/>
        <source>Scoring {n} annotated feature(s)</source>
        <translation>正在为 {n} 个标注要素评分</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="308"/>
        <source>Writing outputs</source>
        <translation>正在写入输出</translation>
    </message>
    <message>
        <location filename="../core/assess/tilestream.py" line="133"/>
        <source>Assessed tile {done}/{total}</source>
        <translation>已评估瓦片 {done}/{total}</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="44"/>
        <source>Tile size {t} is not an integer; use a multiple of {patch} such as 512.</source>
        <translation>瓦片大小 {t} 不是整数；请使用 {patch} 的倍数，例如 512。</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="47"/>
        <source>Tile size {t} is not a positive multiple of {patch}; use e.g. 256, 320 or 512.</source>
        <translation>瓦片大小 {t} 不是 {patch} 的正整数倍；请使用例如 256、320 或 512。</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="50"/>
        <source>Tile size {t} is too large: at most {max} px (memory grows with the 4th power of the tile side); use the model's own tile size, e.g. 512.</source>
        <translation>瓦片大小 {t} 过大：最多 {max} 像素（内存随瓦片边长的四次方增长）；请使用模型自身的瓦片大小，例如 512。</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="60"/>
        <source>Overlap {o} px must be at least 0 and less than half the tile size of {t} px; lower the overlap.</source>
        <translation>重叠 {o} 像素必须不小于 0 且小于瓦片大小 {t} 像素的一半；请减小重叠。</translation>
    </message>
    <message>
        <location filename="../core/rank/run.py" line="143"/>
        <source>Matching the candidates' objects and choosing the best of each</source>
        <translation>匹配各候选标注的对象并为每个对象选择最佳版本</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="35"/>
        <source>CUDA was chosen but this ONNX Runtime has no CUDA support (available: {prov}); install onnxruntime-gpu into QGIS's Python, or choose 'auto' or 'CPU'.</source>
        <translation>已选择 CUDA，但此 ONNX Runtime 不支持 CUDA（可用：{prov}）；请在 QGIS 的 Python 中安装 onnxruntime-gpu，或选择“自动”或“CPU”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="44"/>
        <source>the installed PyTorch {v} is a CPU-only build</source>
        <translation>已安装的 PyTorch {v} 是仅支持 CPU 的版本</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="46"/>
        <source>PyTorch {v} (built for CUDA {c}) finds no usable NVIDIA GPU or driver</source>
        <translation>PyTorch {v}（为 CUDA {c} 构建）找不到可用的 NVIDIA GPU 或驱动程序</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="48"/>
        <source>CUDA was chosen but {why}; choose 'auto' or 'CPU', or install a CUDA build of PyTorch (Plugins &gt; SegAssess &gt; Check / install dependencies).</source>
        <translation>已选择 CUDA，但{why}；请选择“自动”或“CPU”，或安装支持 CUDA 的 PyTorch（插件 &gt; SegAssess &gt; 检查/安装依赖项）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="58"/>
        <source>Assess segmentation quality</source>
        <translation>评估分割质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="65"/>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="68"/>
        <source>Predicts, without any ground truth, for every pixel whether the annotation is right or wrong: TP (annotated and correct), FP (annotated but no object), TN, FN (object not annotated). A SegAssess network looks at the image and the annotation together, tile by tile.</source>
        <translation>无需任何真值数据，逐像素预测标注是否正确：TP（已标注且正确）、FP（已标注但无目标）、TN、FN（目标未被标注）。SegAssess 网络逐瓦片同时查看影像和标注。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="72"/>
        <source>Model file: SegAssess weights (.pkl/.pth released by the authors, .safetensors, or an .onnx export). Empty: the built-in tiny demo model (trained on generated scenes, for trying the tool, not for real imagery).</source>
        <translation>模型文件：SegAssess 权重（作者发布的 .pkl/.pth、.safetensors 或导出的 .onnx）。留空：内置的小型演示模型（仅在生成的场景上训练，用于试用本工具，不适用于真实影像）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="75"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="75"/>
        <source>download released model files from {url} (not redistributed with the plugin). Known models:</source>
        <translation>请从 {url} 下载已发布的模型文件（不随插件分发）。已知模型：</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>tile size 0 uses the tile size the model was trained on (listed above; else a multiple of 16); overlap blends tile borders; device 'auto' uses CUDA when PyTorch finds a GPU; ONNX Runtime runs an .onnx file (see 'Export model to ONNX') or exports a checkpoint once; 'consistent classes' forbids TP/FP outside the annotation and TN/FN inside it (the released model does not enforce this).</source>
        <translation>瓦片大小为 0 时使用模型训练时的瓦片大小（见上文；否则须为 16 的倍数）；重叠用于融合瓦片边缘；设备“自动”在 PyTorch 找到 GPU 时使用 CUDA；ONNX Runtime 运行 .onnx 文件（参见“导出模型为 ONNX”）或将检查点导出一次；“类别一致”禁止在标注外出现 TP/FP、在标注内出现 TN/FN（发布的模型不强制此约束）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>the image must be a file-based, north-up, georeferenced raster; 8-bit RGB imagery of 0.3-1 m resolution matches the training data best; quality is an estimate, check the confidence raster.</source>
        <translation>影像必须是基于文件、北向朝上、已地理配准的栅格；分辨率 0.3-1 米的 8 位 RGB 影像与训练数据最匹配；质量为估计值，请查看置信度栅格。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA（NVIDIA GPU）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="105"/>
        <source>Inference engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="105"/>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="105"/>
        <source>ONNX Runtime</source>
        <translation>ONNX Runtime</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="111"/>
        <source>Consistent classes (TP/FP only inside the annotation, TN/FN outside)</source>
        <translation>一致类别（TP/FP 仅在标注内，TN/FN 仅在标注外）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="128"/>
        <source>The model {name} was trained on {t} px tiles but the tile size is {s} px; results are usually best at {t} (tile size 0).</source>
        <translation>模型 {name} 在 {t} 像素的瓦片上训练，但当前瓦片大小为 {s} 像素；通常在 {t} 像素时效果最好（瓦片大小设为 0）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="138"/>
        <source>The model is an ONNX file: using ONNX Runtime.</source>
        <translation>模型为 ONNX 文件：使用 ONNX Runtime。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="141"/>
        <source>ONNX Runtime with a PyTorch checkpoint: the model is exported to ONNX once and cached.</source>
        <translation>ONNX Runtime 搭配 PyTorch 检查点：模型将导出为 ONNX 一次并缓存。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="159"/>
        <source>Reading the annotation</source>
        <translation>正在读取标注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="164"/>
        <source>Loading the model {name}</source>
        <translation>正在加载模型 {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="168"/>
        <source>Model {name} on {device} ({engine}).</source>
        <translation>模型 {name} 运行于 {device}（{engine}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="182"/>
        <source>SegAssess – {sheet} (demo model)</source>
        <translation>SegAssess – {sheet}（演示模型）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="182"/>
        <source>SegAssess – {sheet}</source>
        <translation>SegAssess – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>SegAssess quality assessment (demo model)</source>
        <translation>SegAssess 质量评估（演示模型）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>SegAssess quality assessment</source>
        <translation>SegAssess 质量评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="52"/>
        <source>Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.</source>
        <translation>正在将{what} '{name}' 从 {src} 重投影到影像坐标参考系 {dst}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="56"/>
        <source>{what}: {n} feature(s) from '{name}'{flt}.</source>
        <translation>{what}：来自 '{name}' 的 {n} 个要素{flt}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="57"/>
        <source> matching {expr}</source>
        <translation>（符合 {expr}）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="69"/>
        <source>The {what} '{name}' is neither a vector nor a raster layer.</source>
        <translation>{what}“{name}”既不是矢量图层也不是栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="72"/>
        <source>The {what} layer '{name}' could not be read.</source>
        <translation>无法读取{what}图层“{name}”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="85"/>
        <source>Image (georeferenced raster)</source>
        <translation>影像（已地理配准的栅格）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="88"/>
        <source>Bands (red, green, blue; default 1, 2, 3)</source>
        <translation>波段（红、绿、蓝；默认 1、2、3）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="91"/>
        <source>Annotation polygons to assess (vector)</source>
        <translation>待评估的标注多边形（矢量）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="94"/>
        <source>Annotation mask to assess (raster, non-zero = object)</source>
        <translation>待评估的标注掩膜（栅格，非零 = 目标）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="96"/>
        <source>Annotation filter (e.g. "Niveau_2" = 'Building')</source>
        <translation>标注筛选（例如 "Niveau_2" = 'Building'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="101"/>
        <source>Minimum FP/FN polygon area (ground m²)</source>
        <translation>FP/FN 多边形最小面积（地面平方米）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="113"/>
        <source>Quality map (1 TP, 2 FP, 3 TN, 4 FN)</source>
        <translation>质量图（1 TP、2 FP、3 TN、4 FN）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="116"/>
        <source>Confidence (0-1)</source>
        <translation>置信度（0-1）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="121"/>
        <source>Summary report</source>
        <translation>摘要报告</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="121"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="125"/>
        <source>Assessment GeoPackage with the review items (decisions kept on re-runs)</source>
        <translation>含审查项的评估 GeoPackage（重新运行时保留决定）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="126"/>
        <source>GeoPackage files (*.gpkg)</source>
        <translation>GeoPackage 文件 (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="128"/>
        <source>Number of false positive regions</source>
        <translation>假阳性区域数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="129"/>
        <source>Number of false negative regions</source>
        <translation>假阴性区域数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="130"/>
        <source>Number of missed objects</source>
        <translation>遗漏目标数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="133"/>
        <source>IoU of the annotation (exact, against the reference)</source>
        <translation>标注的 IoU（精确值，相对于参考数据）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="134"/>
        <source>Estimated IoU of the annotation</source>
        <translation>标注的估计 IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="142"/>
        <source>Give either an annotation layer or an annotation mask, not both: both 'ANNOTATION' and 'MASK' are set.</source>
        <translation>请只提供标注图层或标注掩膜之一，不能同时提供：“ANNOTATION”和“MASK”都已设置。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="145"/>
        <source>No annotation was given: choose a polygon layer (ANNOTATION) or a raster mask (MASK).</source>
        <translation>未提供标注：请选择多边形图层（ANNOTATION）或栅格掩膜（MASK）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="151"/>
        <source>No image was given, or it could not be loaded as a raster layer.</source>
        <translation>未指定影像，或无法将其加载为栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="152"/>
        <source>image</source>
        <translation>影像</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="157"/>
        <source>annotation</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="162"/>
        <source>Give either an annotation layer or an annotation mask, not both: both '{a}' and '{m}' are set.</source>
        <translation>请只指定标注图层或标注掩膜之一，不要同时指定：'{a}' 和 '{m}' 都已设置。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="168"/>
        <source>No {what} was given: choose a polygon layer ({a}) or a raster mask ({m}).</source>
        <translation>未指定{what}：请选择多边形图层（{a}）或栅格掩膜（{m}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="174"/>
        <source>The filter applies to vector annotations only; it is ignored for the raster mask '{name}'.</source>
        <translation>筛选仅适用于矢量标注；对栅格掩膜 '{name}' 将被忽略。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="179"/>
        <source>The {what} layer could not be loaded.</source>
        <translation>无法加载{what}图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="27"/>
        <source>Cancelled by the user; no output was written.</source>
        <translation>已被用户取消；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="38"/>
        <source>SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import ({error}). Install them for QGIS's Python: run "{python}" "{script}" --install (or Plugins &gt; SegAssess &gt; Check / install dependencies), or "{python} -m pip install {names}" (OSGeo4W Shell on Windows), then restart QGIS.</source>
        <translation>SegAssess 需要 Python 包 {names}，但 QGIS 的 Python（{python}）无法导入它们（{error}）。请为 QGIS 的 Python 安装它们：运行 "{python}" "{script}" --install（或使用 插件 &gt; SegAssess &gt; 检查/安装依赖项），或运行“{python} -m pip install {names}”（Windows 上使用 OSGeo4W Shell），然后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="106"/>
        <source>Quality assessment</source>
        <translation>质量评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="116"/>
        <source>Tile size (pixels; 0: the tile size the model was trained on)</source>
        <translation>瓦片大小（像素；0：模型训练时的瓦片大小）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="117"/>
        <source>Tile size (pixels)</source>
        <translation>瓦片大小（像素）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="122"/>
        <source>Tile overlap (pixels)</source>
        <translation>瓦片重叠（像素）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="125"/>
        <source>Batch size (tiles per step)</source>
        <translation>批大小（每步瓦片数）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="55"/>
        <source>Assess map-sheet campaign (batch)</source>
        <translation>评估图幅批量任务（批处理）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="59"/>
        <source>Assesses many map sheets in one resumable campaign: every sheet gets the quality map, FP/FN polygons and per-feature scores of 'Assess segmentation quality' (or of 'Quality map from reference data' with the reference assessor), and the campaign merges them into one report.</source>
        <translation>在一个可续跑的批量任务中评估大量图幅：每个图幅都得到“评估分割质量”（使用参考评估器时为“基于参考数据的质量图”）的质量图、FP/FN 多边形和逐要素评分，批量任务再将它们合并为一份报告。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="63"/>
        <source>for large campaigns use this algorithm rather than the Processing batch dialog: a manifest in the output folder records every finished sheet, so a cancelled, failed or interrupted campaign resumes where it stopped when run again with the same output folder; sheets are assessed in parallel by Dask worker processes (WORKERS, or a Dask scheduler address); and the results are merged into one GeoPackage, a table per sheet and an HTML report. For a handful of sheets the batch dialog of 'Assess segmentation quality' (segassess:assess) is fine.</source>
        <translation>大型批量任务请使用本算法而不是 Processing 批处理对话框：输出文件夹中的清单记录每个已完成的图幅，因此被取消、失败或中断的任务在使用同一输出文件夹再次运行时会从停止处继续；图幅由 Dask 工作进程并行评估（WORKERS，或 Dask 调度器地址）；结果合并为一个 GeoPackage、一张逐图幅表格和一份 HTML 报告。若只有少量图幅，使用“评估分割质量”（segassess:assess）的批处理对话框即可。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="63"/>
        <source>Why not the batch dialog</source>
        <translation>为何不用批处理对话框</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="70"/>
        <source>the sheets, EITHER a folder of GeoTIFFs (one sheet per file), OR a sheet list (.csv/.yaml with a column 'image' and optional 'id', 'annotation'), OR a sheet-index polygon layer over one mosaic or VRT (MOSAIC, with the sheet id field ID_FIELD; each sheet is read with MARGIN_PX pixels of context). The annotation is one polygon file for all sheets (the layer's own filter and the annotation filter, an OGR SQL WHERE clause such as "Niveau_2" = 'Building', are applied). The reference assessor needs the reference data (TRUTH); the network assessor uses the model file (empty: the built-in demo model).</source>
        <translation>图幅：可以是 GeoTIFF 文件夹（每个文件一个图幅），或图幅列表（.csv/.yaml，含 'image' 列，可选 'id'、'annotation' 列），或覆盖一个镶嵌影像或 VRT 的图幅索引多边形图层（MOSAIC，图幅编号字段为 ID_FIELD；每个图幅连同 MARGIN_PX 像素的上下文一起读取）。标注是所有图幅共用的一个多边形文件（会应用图层自身的筛选和标注筛选，即 OGR SQL WHERE 子句，例如 "Niveau_2" = 'Building'）。参考评估器需要参考数据（TRUTH）；网络评估器使用模型文件（留空：内置演示模型）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="70"/>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="78"/>
        <source>in the output folder: campaign.sqlite (the manifest), sheets/&lt;id&gt;/ (each sheet's outputs), campaign_report.gpkg (layers false_positive, false_negative, scored_features and missed_objects, each with the column sheet_id), campaign_sheets.csv and campaign_report.html. The merged FP, FN and scored layers are added to the project in one group. DONE and FAILED count the sheets; failed sheets do not stop the campaign and are listed in the report.</source>
        <translation>输出文件夹中包含：campaign.sqlite（清单）、sheets/&lt;id&gt;/（各图幅的输出）、campaign_report.gpkg（图层 false_positive、false_negative、scored_features 和 missed_objects，均带 sheet_id 列）、campaign_sheets.csv 和 campaign_report.html。合并后的 FP、FN 和评分图层被添加到项目的一个图层组中。DONE 和 FAILED 统计图幅数；失败的图幅不会中止批量任务，并在报告中列出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="78"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="85"/>
        <source>in each sheet's quality map 1 TP red, 2 FP green, 3 TN blue, 4 FN cyan; FP polygons are outlined green and FN polygons cyan.</source>
        <translation>各图幅的质量图中 1 TP 红色，2 FP 绿色，3 TN 蓝色，4 FN 青色；FP 多边形以绿色轮廓显示，FN 多边形以青色轮廓显示。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="85"/>
        <source>Quality classes</source>
        <translation>质量类别</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="88"/>
        <source>the campaign runs as a separate Python process (the QGIS process cannot start Dask workers), which needs the same dependencies as the plugin plus dask and distributed; layers must be files (a selection is ignored); choose a real output folder to be able to resume. Released model files: {url}</source>
        <translation>批量任务在单独的 Python 进程中运行（QGIS 进程无法启动 Dask 工作进程），该进程需要与插件相同的依赖项以及 dask 和 distributed；图层必须是文件（忽略选择集）；请选择一个实际的输出文件夹以便续跑。已发布的模型文件：{url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="96"/>
        <source>Sheets: sheet list (.csv/.yaml) or sheet-index layer</source>
        <translation>图幅：图幅列表（.csv/.yaml）或图幅索引图层</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="99"/>
        <source>Sheets: folder of GeoTIFFs (instead of a list)</source>
        <translation>图幅：GeoTIFF 文件夹（代替列表）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="102"/>
        <source>Annotation polygons to assess (vector file, all sheets)</source>
        <translation>待评估的标注多边形（矢量文件，所有图幅）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="105"/>
        <source>Annotation filter (SQL WHERE, e.g. "Niveau_2" = 'Building')</source>
        <translation>标注筛选（SQL WHERE，例如 "Niveau_2" = 'Building'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="108"/>
        <source>Mosaic or VRT under the sheet index (sheet-index mode)</source>
        <translation>图幅索引下的镶嵌影像或 VRT（图幅索引模式）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="110"/>
        <source>Sheet id field of the sheet index</source>
        <translation>图幅索引的图幅编号字段</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="112"/>
        <source>Context margin around each sheet of the mosaic (pixels; -1: aligned on the tile grid, seamless)</source>
        <translation>镶嵌影像中每个图幅周围的上下文边距（像素；-1：与瓦片网格对齐，无缝）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="117"/>
        <source>Assessor</source>
        <translation>评估器</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="117"/>
        <source>SegAssess network (no ground truth)</source>
        <translation>SegAssess 网络（无需真值）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="118"/>
        <source>Reference data (exact quality map)</source>
        <translation>参考数据（精确质量图）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="122"/>
        <source>Reference data (ground truth polygons, reference assessor)</source>
        <translation>参考数据（真值多边形，参考评估器）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="125"/>
        <source>Reference filter (vector reference only)</source>
        <translation>参考筛选（仅限矢量参考数据）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="131"/>
        <source>Parallel workers (0 = automatic)</source>
        <translation>并行工作进程数（0 = 自动）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="134"/>
        <source>Dask scheduler address (e.g. tcp://host:8786; empty: local workers)</source>
        <translation>Dask 调度器地址（例如 tcp://host:8786；留空：本地工作进程）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="138"/>
        <source>Campaign folder (re-use it to resume)</source>
        <translation>批量任务文件夹（重复使用以续跑）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="139"/>
        <source>Merged report (GeoPackage)</source>
        <translation>合并报告（GeoPackage）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="140"/>
        <source>Table of sheets (CSV)</source>
        <translation>图幅表（CSV）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="141"/>
        <source>Campaign report (HTML)</source>
        <translation>批量任务报告（HTML）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="142"/>
        <source>Sheets done</source>
        <translation>已完成图幅数</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="143"/>
        <source>Sheets failed</source>
        <translation>失败图幅数</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="144"/>
        <source>Sheets already done before this run (resumed)</source>
        <translation>本次运行前已完成的图幅数（续跑）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="151"/>
        <source>The campaign folder is a temporary folder ({dir}): choose a folder of your own to be able to resume the campaign later.</source>
        <translation>批量任务文件夹是临时文件夹（{dir}）：请选择您自己的文件夹，以便以后续跑该任务。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="157"/>
        <source>Starting the campaign</source>
        <translation>正在启动批量任务</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="167"/>
        <source>Cancelled by the user: the sheets finished so far are kept in {dir}; run the algorithm again with the same campaign folder to resume.</source>
        <translation>已被用户取消：目前已完成的图幅保留在 {dir} 中；使用同一批量任务文件夹再次运行本算法即可续跑。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="171"/>
        <source>The campaign was interrupted: the sheets finished so far are kept in {dir}; run the algorithm again with the same campaign folder to resume.</source>
        <translation>批量任务被中断：目前已完成的图幅保留在 {dir} 中；使用同一批量任务文件夹再次运行本算法即可续跑。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="175"/>
        <source>The campaign command refused its input (exit code 2).</source>
        <translation>批量任务命令拒绝了输入（退出码 2）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="183"/>
        <source>The campaign command could not import its dependencies with {python} ({err}). The campaign needs the plugin's dependencies plus dask and distributed for that interpreter: install them (Plugins &gt; SegAssess &gt; Check / install dependencies) or set SEGASSESS_PYTHON to a Python that has them.</source>
        <translation>批量任务命令无法用 {python} 导入其依赖项（{err}）。该解释器需要插件的依赖项以及 dask 和 distributed：请安装它们（插件 &gt; SegAssess &gt; 检查/安装依赖项），或将 SEGASSESS_PYTHON 设为已安装它们的 Python。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="187"/>
        <source>The campaign command failed (exit code {rc}): {err}</source>
        <translation>批量任务命令失败（退出码 {rc}）：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="187"/>
        <source>no message</source>
        <translation>无消息</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="194"/>
        <source>Campaign of {total} sheet(s): {todo} to assess, {skipped} already done (kept from the manifest).</source>
        <translation>批量任务共 {total} 个图幅：{todo} 个待评估，{skipped} 个已完成（依据清单保留）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="197"/>
        <source>Dask dashboard: {url}</source>
        <translation>Dask 仪表板：{url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="199"/>
        <source>Assessing the sheets</source>
        <translation>正在评估图幅</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="205"/>
        <source>Sheet {sheet} failed ({done}/{total}): {err}</source>
        <translation>图幅 {sheet} 失败（{done}/{total}）：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="208"/>
        <source>Sheet {sheet} done ({done}/{total}).</source>
        <translation>图幅 {sheet} 已完成（{done}/{total}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="215"/>
        <source>Campaign report written: {path}</source>
        <translation>批量任务报告已写入：{path}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="235"/>
        <source>Campaign finished: {done} sheet(s) done ({skipped} from earlier runs), {failed} failed.</source>
        <translation>批量任务结束：{done} 个图幅已完成（其中 {skipped} 个来自之前的运行），{failed} 个失败。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="238"/>
        <source>{failed} of {total} sheet(s) failed; the report lists them with the reason. Run the algorithm again with the same campaign folder to retry them.</source>
        <translation>{total} 个图幅中有 {failed} 个失败；报告列出了它们及原因。使用同一批量任务文件夹再次运行本算法即可重试。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="254"/>
        <source>Campaign – {name}</source>
        <translation>批量任务 – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="59"/>
        <source>The {what} layer '{name}' is neither a file nor a PostGIS table (provider '{provider}'); save it first (right-click &gt; Export &gt; Save Features As... GeoPackage) and use the saved file.</source>
        <translation>{what}图层“{name}”既不是文件也不是 PostGIS 表（数据提供者“{provider}”）；请先保存（右键 &gt; 导出 &gt; 要素另存为... GeoPackage）并使用保存的文件。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="65"/>
        <source>The {what} file {path} does not exist.</source>
        <translation>{what}文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="76"/>
        <source>Give either a sheet list/index file (SHEETS) or a folder of GeoTIFFs (SHEETS_FOLDER), not both.</source>
        <translation>请给出图幅列表/索引文件（SHEETS）或 GeoTIFF 文件夹（SHEETS_FOLDER）之一，不要同时给出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="96"/>
        <source>No sheets were given: choose a folder of GeoTIFFs (SHEETS_FOLDER), or a sheet list (.csv/.yaml) or sheet-index layer (SHEETS).</source>
        <translation>未给出图幅：请选择 GeoTIFF 文件夹（SHEETS_FOLDER），或图幅列表（.csv/.yaml）或图幅索引图层（SHEETS）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="101"/>
        <source>No annotation was given: choose the polygon layer to assess (ANNOTATION); only a sheet list (.csv/.yaml) may name each sheet's annotation itself.</source>
        <translation>未给出标注：请选择待评估的多边形图层（ANNOTATION）；只有图幅列表（.csv/.yaml）可以自行指定每个图幅的标注。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="104"/>
        <source>A mosaic needs a sheet-index polygon layer in SHEETS (and its id field in ID_FIELD), not a folder of GeoTIFFs.</source>
        <translation>镶嵌影像需要在 SHEETS 中给出图幅索引多边形图层（并在 ID_FIELD 中给出其编号字段），而不是 GeoTIFF 文件夹。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="108"/>
        <source>The reference assessor needs reference data: choose the ground-truth polygon layer (TRUTH).</source>
        <translation>参考评估器需要参考数据：请选择真值多边形图层（TRUTH）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="135"/>
        <source>The {what} '{value}' could not be opened as a vector layer; choose a polygon layer or file (GeoPackage, Shapefile, GeoJSON...).</source>
        <translation>无法将{what}“{value}”作为矢量图层打开；请选择多边形图层或文件（GeoPackage、Shapefile、GeoJSON...）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="152"/>
        <source>mosaic</source>
        <translation>镶嵌影像</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="169"/>
        <source>reference data</source>
        <translation>参考数据</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="34"/>
        <source>False positive regions (FP polygons)</source>
        <translation>假阳性区域（FP 多边形）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="35"/>
        <source>False negative regions (FN polygons)</source>
        <translation>假阴性区域（FN 多边形）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="36"/>
        <source>Annotated features with quality scores</source>
        <translation>带质量评分的标注要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="37"/>
        <source>Missed objects (FN regions touching no feature)</source>
        <translation>遗漏对象（不接触任何要素的 FN 区域）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="71"/>
        <source>Exact quality map – {sheet}</source>
        <translation>精确质量图 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="71"/>
        <source>Estimated quality map – {sheet}</source>
        <translation>估计质量图 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="78"/>
        <source>Confidence – {sheet}</source>
        <translation>置信度 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="103"/>
        <source>{what} – {sheet}</source>
        <translation>{what} – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="137"/>
        <source>Writing the output layers</source>
        <translation>正在写入输出图层</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="151"/>
        <source>IoU {iou:.3f} (exact, against the reference)</source>
        <translation>IoU {iou:.3f}（精确值，相对于参考数据）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="151"/>
        <source>Estimated IoU {iou:.3f}</source>
        <translation>估计 IoU {iou:.3f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="152"/>
        <source>{fp} false positive and {fn} false negative region(s), {missed} missed object(s).</source>
        <translation>{fp} 个误检区域和 {fn} 个漏检区域，{missed} 个遗漏对象。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="34"/>
        <source>Compare with reference</source>
        <translation>与参考数据比较</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="38"/>
        <source>Scores a predicted quality map (from 'Assess segmentation quality') against a reference quality map of the same image (from 'Quality map from reference data'), as in the SegAssess paper: per class (TP, FP, TN, FN) one-vs-rest precision, recall, F1 and IoU, then mF1 and mIoU over the classes present.</source>
        <translation>按照 SegAssess 论文的方法，将预测的质量图（来自“评估分割质量”）与同一影像的参考质量图（来自“由参考数据生成质量图”）进行评分：对每个类别（TP、FP、TN、FN）计算一对多的精确率、召回率、F1 和 IoU，再对出现的类别计算 mF1 和 mIoU。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="42"/>
        <source>two quality rasters (values 1 TP red, 2 FP green, 3 TN blue, 4 FN cyan; 0 = no data) on the same pixel grid.</source>
        <translation>位于同一像素网格上的两幅质量栅格（值 1 TP 红色，2 FP 绿色，3 TN 蓝色，4 FN 青色；0 = 无数据）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="44"/>
        <source>a table with one row per class (class, precision, recall, F1, IoU, pixels) and a 'mean' row; the numbers mF1 and mIoU for use in models.</source>
        <translation>一张表格，每个类别一行（类别、精确率、召回率、F1、IoU、像素数），另有一行“平均值”；以及供模型使用的 mF1 和 mIoU 数值。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="47"/>
        <source>both rasters must have the same size, transform and CRS; a class absent from both maps is left empty and excluded from the means.</source>
        <translation>两个栅格必须具有相同的大小、变换和坐标参考系；两幅图中均未出现的类别留空，并不计入平均值。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="50"/>
        <source>Predicted maps come from 'Assess segmentation quality' with a SegAssess model; released model files: {url}</source>
        <translation>预测图来自使用 SegAssess 模型的“评估分割质量”；已发布的模型文件：{url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="54"/>
        <source>Predicted quality map</source>
        <translation>预测质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="55"/>
        <source>Reference quality map</source>
        <translation>参考质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="57"/>
        <source>Scores per class</source>
        <translation>各类别得分</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="58"/>
        <source>Mean F1 (mF1)</source>
        <translation>平均 F1（mF1）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="59"/>
        <source>Mean IoU (mIoU)</source>
        <translation>平均 IoU（mIoU）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="65"/>
        <source>predicted quality</source>
        <translation>预测质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="66"/>
        <source>reference quality</source>
        <translation>参考质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="67"/>
        <source>Comparing the quality maps</source>
        <translation>正在比较质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="91"/>
        <source>Classes absent from both maps (left out of the means): {names}.</source>
        <translation>两幅图中均未出现的类别（不计入平均值）：{names}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="93"/>
        <source>mF1 {mf1:.4f}, mIoU {miou:.4f} over {n} pixel(s).</source>
        <translation>mF1 {mf1:.4f}，mIoU {miou:.4f}，共 {n} 个像素。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="23"/>
        <source>Export model to ONNX</source>
        <translation>将模型导出为 ONNX</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="33"/>
        <source>Exports a SegAssess PyTorch checkpoint to an ONNX file for a fixed tile size, so 'Assess segmentation quality' can run it with ONNX Runtime (smaller install, no PyTorch needed at inference).</source>
        <translation>将 SegAssess PyTorch 检查点按固定瓦片大小导出为 ONNX 文件，使“评估分割质量”可以使用 ONNX Runtime 运行（安装更小，推理时无需 PyTorch）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="36"/>
        <source>a model file (.pkl/.pth released at {url}, or .safetensors) and the tile size the ONNX model will accept (a multiple of 16; use the tile size of later runs).</source>
        <translation>一个模型文件（发布于 {url} 的 .pkl/.pth，或 .safetensors）以及 ONNX 模型将接受的瓦片大小（16 的倍数；请使用之后运行时的瓦片大小）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="40"/>
        <source>an .onnx file (opset 17), checked against PyTorch on a random tile.</source>
        <translation>一个 .onnx 文件（opset 17），已在随机瓦片上与 PyTorch 结果核对。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="42"/>
        <source>The exported network predicts the same quality classes: 1 TP (red), 2 FP (green), 3 TN (blue), 4 FN (cyan).</source>
        <translation>导出的网络预测相同的质量类别：1 TP（红色），2 FP（绿色），3 TN（蓝色），4 FN（青色）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="44"/>
        <source>needs PyTorch and onnx; the ONNX model only accepts the exported tile size.</source>
        <translation>需要 PyTorch 和 onnx；ONNX 模型只接受导出时的瓦片大小。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="48"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="54"/>
        <source>ONNX model</source>
        <translation>ONNX 模型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="54"/>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="63"/>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="69"/>
        <source>Exporting {name} to ONNX ({t} px tiles)</source>
        <translation>正在将 {name} 导出为 ONNX（{t} 像素瓦片）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="79"/>
        <source>Wrote {path}.</source>
        <translation>已写入 {path}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/help.py" line="18"/>
        <source>a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, reprojected on the fly; 'selected features only' and the filter expression are honoured) OR a raster mask (non-zero = object).</source>
        <translation>一幅已地理配准的影像（GDAL 可读的任意坐标参考系；与训练一致的 8 位 RGB，其他类型按 2-98 % 拉伸），以及待评估的标注：多边形图层（任意坐标参考系，实时重投影；支持“仅选中要素”和筛选表达式）或栅格掩膜（非零 = 目标），二者择一。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/help.py" line="23"/>
        <source>quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area (m²) and mean confidence, the annotated features with per-feature scores, missed objects, an HTML summary, and numbers for models: estimated IoU and FP/FN counts.</source>
        <translation>质量图（GeoTIFF，取值 1-4）、置信度（0-1）、带面积（m²）和平均置信度的 FP 与 FN 多边形、带逐要素得分的标注要素、遗漏目标、HTML 摘要，以及供模型使用的数值：估计 IoU 和 FP/FN 数量。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="44"/>
        <source>Numeric precision of the network</source>
        <translation>网络的数值精度</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="45"/>
        <source>auto (fastest setting verified for the device)</source>
        <translation>自动（为该设备验证过的最快设置）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="45"/>
        <source>fp32 (official numerics)</source>
        <translation>fp32（官方数值）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="46"/>
        <source>bf16 (mixed: encoder and edge branch in bf16)</source>
        <translation>bf16（混合：编码器和边缘分支使用 bf16）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="46"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="56"/>
        <source>Model file (empty: built-in demo model)</source>
        <translation>模型文件（留空：内置演示模型）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="66"/>
        <source>No model file was given and the built-in demo model is not installed; download a released SegAssess model from {url} and choose it as 'Model file'.</source>
        <translation>未指定模型文件，且未安装内置演示模型；请从 {url} 下载已发布的 SegAssess 模型，并将其选为“模型文件”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="71"/>
        <source>The model file {path} does not exist; choose a SegAssess model file (released at {url}).</source>
        <translation>模型文件 {path} 不存在；请选择一个 SegAssess 模型文件（发布于 {url}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="86"/>
        <source>This run uses the built-in demo model, a tiny network trained on generated scenes only: its quality map of real imagery is not meaningful. Download a released SegAssess model ({url}) and choose it as 'Model file'.</source>
        <translation>本次运行使用内置演示模型，这是一个仅在生成场景上训练的小型网络：它对真实影像给出的质量图没有意义。请下载已发布的 SegAssess 模型（{url}）并将其选为“模型文件”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="50"/>
        <source>Rank candidate annotations</source>
        <translation>对候选标注排序</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="54"/>
        <source>Ranks several annotations of the same image (an old survey, an update, a model's output ...) without ground truth: the network assesses all of them in one pass (each tile is encoded once for all candidates), they are ranked by estimated IoU, and for every object the version with the best estimate is kept in one 'best of' layer. With reference data the exact assessment is used and the ranking is exact.</source>
        <translation>在没有真值的情况下对同一影像的多个标注（旧调查、更新、模型输出……）排序：网络一次评估所有标注（每个瓦片只为所有候选编码一次），按估计 IoU 排序，并将每个对象估计最佳的版本保留在一个“最佳组合”图层中。提供参考数据时使用精确评估，排序是精确的。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="59"/>
        <source>features of the candidates are one object when they overlap by at least the minimum overlap of the smaller one's area; each candidate's version of an object is scored over the same zone and the best is kept, with the runner-up's estimate. An object only one candidate has is kept when its estimated IoU reaches the minimum (the network sees more of it right than wrong).</source>
        <translation>当各候选的要素重叠面积至少达到较小要素面积的最小重叠比例时，它们被视为同一对象；每个候选对该对象的版本在同一区域内评分，保留最佳版本，并附上次佳版本的估计。仅一个候选具有的对象，只有在其估计 IoU 达到最小值时才保留（网络认为其正确部分多于错误部分）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="59"/>
        <source>Best of</source>
        <translation>最佳组合</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="66"/>
        <source>the best-of layer, the ranking table (rank 1 = best; estimated IoU, F1, precision, recall; FP/FN areas in m²), and in the output folder every candidate's quality map and assessment and the ranking as CSV and JSON.</source>
        <translation>最佳组合图层、排序表（第 1 名为最佳；估计的 IoU、F1、精确率、召回率；FP/FN 面积，单位 m²），以及输出文件夹中每个候选的质量图和评估结果，排序也以 CSV 和 JSON 保存。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="77"/>
        <source>Candidate annotations (polygon layers or raster masks)</source>
        <translation>候选标注（多边形图层或栅格掩膜）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="79"/>
        <source>Filter of the vector candidates (e.g. "Niveau_2" = 'Building')</source>
        <translation>矢量候选的筛选条件（例如 "Niveau_2" = 'Building'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="81"/>
        <source>Reference data (optional: an exact ranking instead of the network's)</source>
        <translation>参考数据（可选：以精确排序代替网络的估计）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="90"/>
        <source>Best of the candidates</source>
        <translation>候选的最佳组合</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="92"/>
        <source>Ranking of the candidates</source>
        <translation>候选排序</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="95"/>
        <source>Folder of the candidates' quality maps and the ranking files</source>
        <translation>候选质量图和排序文件的文件夹</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="96"/>
        <source>The best candidate</source>
        <translation>最佳候选</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="97"/>
        <source>Estimated IoU of the best candidate</source>
        <translation>最佳候选的估计 IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="103"/>
        <source>Minimum overlap of matched features (fraction of the smaller one)</source>
        <translation>匹配要素的最小重叠（占较小要素面积的比例）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="104"/>
        <source>Minimum estimated IoU of an object only one candidate has</source>
        <translation>仅一个候选具有的对象的最小估计 IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="113"/>
        <source>No candidate annotation was given: choose the layers to rank (two or more).</source>
        <translation>未给出候选标注：请选择要排序的图层（两个或更多）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="127"/>
        <source>candidate</source>
        <translation>候选</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="159"/>
        <source>Reading the candidate annotations</source>
        <translation>正在读取候选标注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="195"/>
        <source>Ranking – {sheet}</source>
        <translation>排序 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="198"/>
        <source>{rank}. {name}: quality</source>
        <translation>{rank}. {name}：质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="204"/>
        <source>Best candidate: {name} (estimated IoU {iou}); best of: {n} feature(s) from {k} object(s).</source>
        <translation>最佳候选：{name}（估计 IoU {iou}）；最佳组合：来自 {k} 个对象的 {n} 个要素。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="29"/>
        <source>Quality map from reference data</source>
        <translation>由参考数据生成质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="33"/>
        <source>Computes the exact pixel-level quality map (TP/FP/TN/FN) of an annotation by comparing it with reference data (ground truth). No network is needed: use it to validate a model's quality maps on reference sheets (then 'Compare with reference') or to check one inventory against a better one.</source>
        <translation>通过与参考数据（真值）比较，计算标注精确的像素级质量图（TP/FP/TN/FN）。无需网络：可用于在参考图幅上验证模型的质量图（随后使用“与参考数据比较”），或用更好的数据集检查另一个数据集。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="37"/>
        <source>Reference data (TRUTH): a polygon layer (optionally filtered by the reference filter) or a raster mask; any CRS.</source>
        <translation>参考数据（真值）：多边形图层（可用参考筛选进行过滤）或栅格掩膜；任意坐标参考系。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="39"/>
        <source>the image must be a file-based, north-up, georeferenced raster; annotation and reference must overlap it.</source>
        <translation>影像必须是基于文件、北向朝上、已地理配准的栅格；标注和参考数据必须与其重叠。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="41"/>
        <source>No model is needed here; released SegAssess model files for 'Assess segmentation quality': {url}</source>
        <translation>此处不需要模型；用于“评估分割质量”的已发布 SegAssess 模型文件：{url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="47"/>
        <source>Reference data (ground truth: polygon layer or raster mask)</source>
        <translation>参考数据（真值：多边形图层或栅格掩膜）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="58"/>
        <source>The reference data (TRUTH) could not be loaded as a layer.</source>
        <translation>无法将参考数据（真值）加载为图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="73"/>
        <source>Reading the annotation and the reference data</source>
        <translation>正在读取标注和参考数据</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="81"/>
        <source>SegAssess exact quality map from reference data</source>
        <translation>基于参考数据的 SegAssess 精确质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="82"/>
        <source>Reference – {sheet}</source>
        <translation>参考 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="31"/>
        <source>Suggested edits from review items</source>
        <translation>根据审查项建议的编辑</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="35"/>
        <source>Turns an assessment's review items into a corrected inventory: false-positive parts cut out, false-negative parts joined to the feature they border, missed objects added (buildings squared or simplified, water with smooth outlines), every feature's attributes kept, with the columns 'edit' (kept, reshaped, removed, added) and 'source_fid'. A second layer lists the changes with their areas.</source>
        <translation>将评估的审查项转换为更正后的清单：去除假阳性部分，将假阴性部分并入其相邻要素，添加遗漏的对象（建筑物规则化为矩形或简化，水体轮廓平滑），保留每个要素的属性，并添加列 'edit'（kept、reshaped、removed、added）和 'source_fid'。第二个图层列出各项更改及其面积。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="40"/>
        <source>auto applies the items at or above the minimum confidence (and those marked confirmed); reviewed applies only the items marked confirmed or fixed. An item marked false alarm is never applied.</source>
        <translation>auto 应用置信度达到最小值的项（以及标记为已确认的项）；reviewed 仅应用标记为已确认或已修复的项。标记为误报的项永远不会被应用。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="44"/>
        <source>The assessment is an '…_assessment.gpkg' of 'Assess segmentation quality' or a campaign's 'campaign_report.gpkg'; the inventory is the layer that was assessed (with the same filter).</source>
        <translation>评估文件是“评估分割质量”生成的 '…_assessment.gpkg' 或某次批量任务的 'campaign_report.gpkg'；清单是被评估的图层（使用相同的过滤条件）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="50"/>
        <source>Assessment or campaign report (GeoPackage with review items)</source>
        <translation>评估或批量报告（含审查项的 GeoPackage）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="52"/>
        <source>Inventory that was assessed</source>
        <translation>被评估的清单</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="54"/>
        <source>Inventory filter (SQL WHERE, e.g. "Niveau_2" = 'Building')</source>
        <translation>清单过滤条件（SQL WHERE，例如 "Niveau_2" = 'Building'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>auto (confidence threshold)</source>
        <translation>auto（置信度阈值）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>reviewed (confirmed or fixed only)</source>
        <translation>reviewed（仅已确认或已修复）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="59"/>
        <source>Minimum confidence of an item applied automatically</source>
        <translation>自动应用项的最小置信度</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>Objects added as</source>
        <translation>添加对象的类型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>buildings</source>
        <translation>建筑物</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>water bodies</source>
        <translation>水体</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="64"/>
        <source>Corrected inventory (GeoPackage: layers corrected, changes)</source>
        <translation>更正后的清单（GeoPackage：图层 corrected、changes）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="67"/>
        <source>Training sheets of the reviewed sheets (YAML; needs 'reviewed')</source>
        <translation>已审查图幅的训练图幅列表（YAML；需要 'reviewed'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="68"/>
        <source>YAML files (*.yaml)</source>
        <translation>YAML 文件 (*.yaml)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="69"/>
        <source>Corrected inventory</source>
        <translation>更正后的清单</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="70"/>
        <source>Changes</source>
        <translation>更改</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="71"/>
        <source>Items applied</source>
        <translation>已应用的项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="71"/>
        <source>Features reshaped</source>
        <translation>重塑的要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="72"/>
        <source>Features removed</source>
        <translation>删除的要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="72"/>
        <source>Features added</source>
        <translation>添加的要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="81"/>
        <source>The inventory layer could not be loaded.</source>
        <translation>无法加载清单图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="82"/>
        <source>inventory</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="100"/>
        <source>Applying the accepted review items</source>
        <translation>正在应用已接受的审查项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="110"/>
        <source>{n} item(s) applied: {reshaped} reshaped, {removed} removed, {added} added.</source>
        <translation>已应用 {n} 项：重塑 {reshaped} 个，删除 {removed} 个，添加 {added} 个。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="28"/>
        <source>all algorithms</source>
        <translation>所有算法</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="28"/>
        <source>Assess (the SegAssess network)</source>
        <translation>评估（SegAssess 网络）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="29"/>
        <source>ONNX Runtime engine</source>
        <translation>ONNX Runtime 推理引擎</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="30"/>
        <source>map-sheet campaigns</source>
        <translation>图幅批量评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="58"/>
        <source>exit {rc}: {err}</source>
        <translation>退出码 {rc}：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>MISSING</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>missing (optional)</source>
        <translation>缺失（可选）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Package</source>
        <translation>软件包</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Needed for</source>
        <translation>用于</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="81"/>
        <source>Python: {python}</source>
        <translation>Python：{python}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="81"/>
        <source>Dependency folder: {}</source>
        <translation>依赖项文件夹：{}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="84"/>
        <source>Import errors:</source>
        <translation>导入错误：</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="85"/>
        <source>Works: {}</source>
        <translation>可用：{}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="87"/>
        <source>Does not work: {}</source>
        <translation>不可用：{}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="99"/>
        <source>Checking SegAssess dependencies</source>
        <translation>正在检查 SegAssess 依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="110"/>
        <source>The dependency check in a separate Python ({python}) failed; a package may be broken. Details:</source>
        <translation>在独立的 Python（{python}）中检查依赖项失败；可能有软件包已损坏。详细信息：</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="122"/>
        <source>SegAssess dependencies</source>
        <translation>SegAssess 依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="124"/>
        <source>Checking the dependencies in QGIS's Python…</source>
        <translation>正在 QGIS 的 Python 中检查依赖项…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="133"/>
        <source>Install / update dependencies</source>
        <translation>安装/更新依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="164"/>
        <source>Installing SegAssess dependencies</source>
        <translation>正在安装 SegAssess 依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="62"/>
        <source>Review panel…</source>
        <translation>审查面板…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="63"/>
        <source>Check / install dependencies…</source>
        <translation>检查/安装依赖项…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="109"/>
        <source>Ground-truth-free, pixel-level quality maps (TP/FP/TN/FN) of building and water annotations.</source>
        <translation>无需真值的建筑物和水体标注像素级质量图（TP/FP/TN/FN）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="113"/>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="133"/>
        <source>Dependencies installed. Restart QGIS to use them.</source>
        <translation>依赖项已安装。请重启 QGIS 以使用它们。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="137"/>
        <source>Installing dependencies failed; see the SegAssess log.</source>
        <translation>安装依赖项失败；请查看 SegAssess 日志。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="143"/>
        <source>Installing dependencies in the background…</source>
        <translation>正在后台安装依赖项…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/provider.py" line="25"/>
        <source>SegAssess</source>
        <translation>SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/provider.py" line="28"/>
        <source>SegAssess: pixel-level quality maps of building and water annotations</source>
        <translation>SegAssess：建筑物和水体标注的像素级质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="46"/>
        <source>no CRS</source>
        <translation>无坐标参考系</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="47"/>
        <source>custom CRS</source>
        <translation>自定义坐标参考系</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="119"/>
        <source>The {role} raster layer could not be loaded.</source>
        <translation>无法加载{role}栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="123"/>
        <source>The {role} layer '{name}' is not a file-based raster (provider '{provider}'); SegAssess reads rasters from files: save it first (right-click &gt; Export &gt; Save As... GeoTIFF) and use the saved file.</source>
        <translation>{role}图层 '{name}' 不是基于文件的栅格（数据提供者 '{provider}'）；SegAssess 从文件读取栅格：请先保存它（右键 &gt; 导出 &gt; 另存为... GeoTIFF），然后使用保存的文件。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="128"/>
        <source>The {role} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>{role}图层 '{name}' 没有坐标参考系；请在 图层属性 &gt; 源 中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="150"/>
        <source>The {what} '{name}' does not overlap the image '{image}': {what} extent {ext1} (in the image CRS, from {crs1}), image extent {ext2}. Check that both layers cover the same area and that their coordinate reference systems are set correctly.</source>
        <translation>{what} '{name}' 与影像 '{image}' 不重叠：{what}范围 {ext1}（影像坐标参考系下，源自 {crs1}），影像范围 {ext2}。请检查两个图层是否覆盖同一区域，以及它们的坐标参考系是否设置正确。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="168"/>
        <source>The {what} layer '{name}' has no geometries (a table, or an empty layer saved without a geometry type); choose a polygon layer.</source>
        <translation>{what}图层“{name}”没有几何（是一个表，或保存时未指定几何类型的空图层）；请选择面图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="172"/>
        <source>The {what} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>{what}图层 '{name}' 没有坐标参考系；请在 图层属性 &gt; 源 中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="176"/>
        <source>No feature of the {what} layer '{name}' is selected, but 'Selected features only' is checked: select the features to use, or uncheck 'Selected features only'.</source>
        <translation>{what}图层“{name}”中没有选中任何要素，但勾选了“仅选中的要素”：请选择要使用的要素，或取消勾选“仅选中的要素”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="183"/>
        <source>The filter {expr} is not a valid expression ({err}); write it like "Niveau_2" = 'Building'.</source>
        <translation>过滤条件 {expr} 不是有效的表达式（{err}）；请写成类似 "Niveau_2" = 'Building' 的形式。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="197"/>
        <source>The {what} layer '{name}' holds {kind} geometries; SegAssess needs polygons (building footprints, water bodies).</source>
        <translation>{what}图层 '{name}' 包含{kind}几何；SegAssess 需要多边形（建筑物轮廓、水体）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="211"/>
        <source>Cannot write the temporary file {path}: {err}</source>
        <translation>无法写入临时文件 {path}：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="238"/>
        <source>Reading {what}: {n} of {total} features</source>
        <translation>正在读取{what}：{n} / {total} 个要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="321"/>
        <source>GDAL could not write {path} (format {driver}).</source>
        <translation>GDAL 无法写入 {path}（格式 {driver}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="336"/>
        <source>No space left on device in {folder} ({free} free): free some space or choose another destination; no output was written.</source>
        <translation>{folder} 所在设备空间不足（剩余 {free}）：请释放空间或选择其他目标位置；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="339"/>
        <source>The destination folder {folder} is on a read-only file system: choose another destination; no output was written.</source>
        <translation>目标文件夹 {folder} 位于只读文件系统上：请选择其他目标位置；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="341"/>
        <source>Permission denied writing in {folder}: choose a destination folder you can write to; no output was written.</source>
        <translation>无权写入 {folder}：请选择您可写入的目标文件夹；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="379"/>
        <source>Could not write a feature to the output layer: {err}</source>
        <translation>无法将要素写入输出图层：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>unreviewed</source>
        <translation>未审查</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>false alarm</source>
        <translation>误报</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="36"/>
        <source>fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="36"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="63"/>
        <source>SegAssess review – {name}</source>
        <translation>SegAssess 审查 – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="67"/>
        <source>Review items – {name}</source>
        <translation>审查项 – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="36"/>
        <source>false positive</source>
        <translation>假阳性</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="36"/>
        <source>false negative</source>
        <translation>假阴性</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="37"/>
        <source>missed object</source>
        <translation>遗漏对象</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="37"/>
        <source>weak feature</source>
        <translation>低质量要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>sheet</source>
        <translation>图幅</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>area m²</source>
        <translation>面积 m²</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="84"/>
        <source>SegAssess review</source>
        <translation>SegAssess 审查</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="102"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="104"/>
        <source>No assessment open</source>
        <translation>未打开评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="128"/>
        <source>optional: what you saw</source>
        <translation>可选：您看到的情况</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="131"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="132"/>
        <source>Reviewer</source>
        <translation>审查人</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="140"/>
        <source>all kinds</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="143"/>
        <source>all statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="146"/>
        <source>all sheets</source>
        <translation>所有图幅</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="155"/>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="156"/>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>False alarm</source>
        <translation>误报</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>Fixed</source>
        <translation>已修复</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="164"/>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="168"/>
        <source>Mark the item '{status}' and go to the next one ({keys})</source>
        <translation>将该项标记为“{status}”并转到下一项（{keys}）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="180"/>
        <source>Review: next item</source>
        <translation>审查：下一项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="180"/>
        <source>Review: previous item</source>
        <translation>审查：上一项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="181"/>
        <source>Review: mark confirmed</source>
        <translation>审查：标记为已确认</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="181"/>
        <source>Review: mark false alarm</source>
        <translation>审查：标记为误报</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="182"/>
        <source>Review: mark fixed</source>
        <translation>审查：标记为已修复</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="182"/>
        <source>Review: mark skipped</source>
        <translation>审查：标记为已跳过</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="215"/>
        <source>Open an assessment or campaign report</source>
        <translation>打开评估或批量报告</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="216"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="265"/>
        <source>No item matches the filters.</source>
        <translation>没有符合过滤条件的项。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="272"/>
        <source>{reviewed} of {total} reviewed</source>
        <translation>已审查 {reviewed} / {total}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="288"/>
        <source>Item {id} (priority {p}): {kind}, {area:,.1f} m²</source>
        <translation>项 {id}（优先级 {p}）：{kind}，{area:,.1f} m²</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="291"/>
        <source>confidence {c:.2f}</source>
        <translation>置信度 {c:.2f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="293"/>
        <source>estimated IoU {v:.2f}</source>
        <translation>估计 IoU {v:.2f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="295"/>
        <source>feature {fid}</source>
        <translation>要素 {fid}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="297"/>
        <source>sheet {sheet}</source>
        <translation>图幅 {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="299"/>
        <source> by {name}</source>
        <translation>（{name}）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="300"/>
        <source>Status: {status}{who}.</source>
        <translation>状态：{status}{who}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="329"/>
        <source>The decision could not be written to {name}: {error}. If another program or an edit session holds the file, save or stop it and try again.</source>
        <translation>无法将决定写入 {name}：{error}。如果其他程序或编辑会话占用了该文件，请保存或停止后重试。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/queue.py" line="68"/>
        <source>{name} has no review items (layer review_items): run the assessment again with this version of SegAssess.</source>
        <translation>{name} 不含审查项（图层 review_items）：请使用此版本的 SegAssess 重新运行评估。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="41"/>
        <source>No Python interpreter was found to run the campaign (QGIS's Python is {prefix}); install Python 3 or set the environment variable {var} to its path.</source>
        <translation>未找到用于运行批量评估的 Python 解释器（QGIS 的 Python 位于 {prefix}）；请安装 Python 3，或将环境变量 {var} 设置为其路径。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="81"/>
        <source>The campaign command could not be started with {python}: {err}</source>
        <translation>无法用 {python} 启动批量任务命令：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="94"/>
        <source>Cancelling: stopping the campaign (finished sheets stay recorded).</source>
        <translation>正在取消：停止批量任务（已完成的图幅仍保留记录）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="165"/>
        <source>The campaign did not stop within {s} s; killing it.</source>
        <translation>批量任务未在 {s} 秒内停止；正在强制结束。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="44"/>
        <source>TP: annotated and correct</source>
        <translation>TP：已标注且正确</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="45"/>
        <source>FP: annotated but wrong (false positive)</source>
        <translation>FP：已标注但错误（假阳性）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="46"/>
        <source>TN: background and correct</source>
        <translation>TN：背景且正确</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="47"/>
        <source>FN: object missed by the annotation (false negative)</source>
        <translation>FN：标注遗漏的目标（假阴性）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>Annotated feature</source>
        <translation>标注要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>false positive area</source>
        <translation>误检面积</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>false negative area</source>
        <translation>漏检面积</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="85"/>
        <source>False positive region</source>
        <translation>误检区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="85"/>
        <source>False negative region</source>
        <translation>漏检区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="86"/>
        <source>Missed object</source>
        <translation>遗漏对象</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="88"/>
        <source>area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="88"/>
        <source>mean confidence</source>
        <translation>平均置信度</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="61"/>
        <source>False positive regions</source>
        <translation>假阳性区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="62"/>
        <source>False negative regions</source>
        <translation>假阴性区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="63"/>
        <source>Missed objects</source>
        <translation>遗漏目标</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="70"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="70"/>
        <source>Output files</source>
        <translation>输出文件</translation>
    </message>
</context>
</TS>
