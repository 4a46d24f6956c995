<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>SegAssess</name>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="55"/>
        <source>CUDA was chosen but this ONNX Runtime has no CUDA support (available: {prov}); install onnxruntime-gpu into QGIS's Python, or choose 'auto' or 'CPU'.</source>
        <translation>已选择 CUDA，但此 ONNX Runtime 不支持 CUDA（可用：{prov}）；请在 QGIS 的 Python 中安装 onnxruntime-gpu，或选择“自动”或“CPU”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="64"/>
        <source>the installed PyTorch {v} is a CPU-only build</source>
        <translation>已安装的 PyTorch {v} 是仅支持 CPU 的版本</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="66"/>
        <source>PyTorch {v} (built for CUDA {c}) finds no usable NVIDIA GPU or driver</source>
        <translation>PyTorch {v}（为 CUDA {c} 构建）找不到可用的 NVIDIA GPU 或驱动程序</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="68"/>
        <source>CUDA was chosen but {why}; choose 'auto' or 'CPU', or install a CUDA build of PyTorch (Plugins &gt; SegAssess &gt; Check / install dependencies).</source>
        <translation>已选择 CUDA，但{why}；请选择“自动”或“CPU”，或安装支持 CUDA 的 PyTorch（插件 &gt; SegAssess &gt; 检查/安装依赖项）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>Assess segmentation quality</source>
        <translation>评估分割质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>built in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="88"/>
        <source>Predicts, without any ground truth, for every pixel whether the annotation is right or wrong: TP (annotated and correct), FP (annotated but no object), TN, FN (object not annotated). A SegAssess network looks at the image and the annotation together, tile by tile.</source>
        <translation>无需任何真值数据，逐像素预测标注是否正确：TP（已标注且正确）、FP（已标注但无目标）、TN、FN（目标未被标注）。SegAssess 网络逐瓦片同时查看影像和标注。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="92"/>
        <source>Model file: SegAssess weights (.pkl/.pth released by the authors, .safetensors, or an .onnx export); the last one used is remembered. Empty: the built-in tiny demo model, if installed (for trying the tool, not for production).</source>
        <translation>模型文件：SegAssess 权重（作者发布的 .pkl/.pth、.safetensors 或导出的 .onnx）；会记住上次使用的文件。留空：使用内置的小型演示模型（如已安装；仅供试用，不适用于生产）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="96"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="96"/>
        <source>download released model files from {url} (not redistributed with the plugin). Known models:</source>
        <translation>请从 {url} 下载已发布的模型文件（不随插件分发）。已知模型：</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="99"/>
        <source>use the tile size the model was trained on (listed above, a multiple of 16); overlap blends tile borders; device 'auto' uses CUDA when PyTorch finds a GPU; ONNX Runtime runs an .onnx file (see 'Export model to ONNX') or exports a checkpoint once; 'consistent classes' forbids TP/FP outside the annotation and TN/FN inside it (the released model does not enforce this).</source>
        <translation>请使用模型训练时的瓦片大小（见上文，须为 16 的倍数）；重叠用于融合瓦片边缘；设备“auto”在 PyTorch 检测到 GPU 时使用 CUDA；ONNX Runtime 运行 .onnx 文件（见“导出模型为 ONNX”）或一次性导出检查点；“一致类别”禁止在标注外出现 TP/FP、在标注内出现 TN/FN（发布的模型不强制此约束）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="99"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="106"/>
        <source>the image must be a file-based, north-up, georeferenced raster; 8-bit RGB imagery of 0.3-1 m resolution matches the training data best; quality is an estimate, check the confidence raster.</source>
        <translation>影像必须是基于文件、北向朝上、已地理配准的栅格；分辨率 0.3-1 米的 8 位 RGB 影像与训练数据最匹配；质量为估计值，请查看置信度栅格。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="106"/>
        <source>Limits</source>
        <translation>限制</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="114"/>
        <source>Model file (empty: built-in demo model)</source>
        <translation>模型文件（留空：内置演示模型）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA（NVIDIA GPU）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="125"/>
        <source>Inference engine</source>
        <translation>推理引擎</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="125"/>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="125"/>
        <source>ONNX Runtime</source>
        <translation>ONNX Runtime</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="130"/>
        <source>Consistent classes (TP/FP only inside the annotation, TN/FN outside)</source>
        <translation>一致类别（TP/FP 仅在标注内，TN/FN 仅在标注外）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="141"/>
        <source>No model file given: using the built-in demo model {path} (a tiny network for trying the tool; download a released model for real work).</source>
        <translation>未指定模型文件：使用内置演示模型 {path}（用于试用的小型网络；实际工作请下载已发布的模型）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="146"/>
        <source>No model file was given and the built-in demo model is not installed; download a released SegAssess model from {url} and choose it as 'Model file'.</source>
        <translation>未指定模型文件，且未安装内置演示模型；请从 {url} 下载已发布的 SegAssess 模型，并将其选为“模型文件”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="150"/>
        <source>The model file {path} does not exist; choose a SegAssess model file (released at {url}).</source>
        <translation>模型文件 {path} 不存在；请选择一个 SegAssess 模型文件（发布于 {url}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="162"/>
        <source>The model is an ONNX file: using ONNX Runtime.</source>
        <translation>模型为 ONNX 文件：使用 ONNX Runtime。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="165"/>
        <source>ONNX Runtime with a PyTorch checkpoint: the model is exported to ONNX once and cached.</source>
        <translation>ONNX Runtime 搭配 PyTorch 检查点：模型将导出为 ONNX 一次并缓存。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="177"/>
        <source>The model {name} was trained on {t} px tiles but the tile size is {s} px; results are usually best at {t}.</source>
        <translation>模型 {name} 使用 {t} 像素瓦片训练，但当前瓦片大小为 {s} 像素；通常在 {t} 时效果最佳。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>Reading the annotation</source>
        <translation>正在读取标注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="186"/>
        <source>Cancelled by the user; no output was written.</source>
        <translation>已被用户取消；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="188"/>
        <source>Loading the model {name}</source>
        <translation>正在加载模型 {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="191"/>
        <source>Model {name} on {device} ({engine}).</source>
        <translation>模型 {name} 运行于 {device}（{engine}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="199"/>
        <source>SegAssess quality assessment</source>
        <translation>SegAssess 质量评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="215"/>
        <source>The SegAssess network code could not be loaded ({err}); reinstall the plugin.</source>
        <translation>无法加载 SegAssess 网络代码（{err}）；请重新安装插件。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="63"/>
        <source>False positive regions (FP polygons)</source>
        <translation>假阳性区域（FP 多边形）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="64"/>
        <source>False negative regions (FN polygons)</source>
        <translation>假阴性区域（FN 多边形）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="65"/>
        <source>Annotated features with quality scores</source>
        <translation>带质量评分的标注要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="66"/>
        <source>Missed objects (FN regions touching no feature)</source>
        <translation>遗漏对象（不接触任何要素的 FN 区域）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="200"/>
        <source>SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import ({error}). Install them for QGIS's Python: run "{python}" "{script}" --install (or Plugins &gt; SegAssess &gt; Check / install dependencies), or "{python} -m pip install {names}" (OSGeo4W Shell on Windows), then restart QGIS.</source>
        <translation>SegAssess 需要 Python 包 {names}，但 QGIS 的 Python（{python}）无法导入它们（{error}）。请为 QGIS 的 Python 安装它们：运行 "{python}" "{script}" --install（或使用 插件 &gt; SegAssess &gt; 检查/安装依赖项），或运行“{python} -m pip install {names}”（Windows 上使用 OSGeo4W Shell），然后重启 QGIS。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="270"/>
        <source>Estimated IoU of the annotation</source>
        <translation>标注的估计 IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="271"/>
        <source>False positive regions</source>
        <translation>假阳性区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="272"/>
        <source>False negative regions</source>
        <translation>假阴性区域</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="273"/>
        <source>Missed objects</source>
        <translation>遗漏目标</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="289"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="291"/>
        <source>Output files</source>
        <translation>输出文件</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="309"/>
        <source>Quality assessment</source>
        <translation>质量评估</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="323"/>
        <source>Image (georeferenced raster)</source>
        <translation>影像（已地理配准的栅格）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="326"/>
        <source>Bands (red, green, blue; default 1, 2, 3)</source>
        <translation>波段（红、绿、蓝；默认 1、2、3）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="329"/>
        <source>Annotation polygons to assess (vector)</source>
        <translation>待评估的标注多边形（矢量）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="332"/>
        <source>Annotation mask to assess (raster, non-zero = object)</source>
        <translation>待评估的标注掩膜（栅格，非零 = 目标）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="334"/>
        <source>Annotation filter (e.g. "Niveau_2" = 'Building')</source>
        <translation>标注筛选（例如 "Niveau_2" = 'Building'）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="339"/>
        <source>Tile size (pixels)</source>
        <translation>瓦片大小（像素）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="342"/>
        <source>Tile overlap (pixels)</source>
        <translation>瓦片重叠（像素）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="345"/>
        <source>Batch size (tiles per step)</source>
        <translation>批大小（每步瓦片数）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="352"/>
        <source>Minimum FP/FN polygon area (map units²)</source>
        <translation>FP/FN 多边形最小面积（地图单位²）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="359"/>
        <source>Quality map (1 TP, 2 FP, 3 TN, 4 FN)</source>
        <translation>质量图（1 TP、2 FP、3 TN、4 FN）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="361"/>
        <source>Confidence (0-1)</source>
        <translation>置信度（0-1）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="366"/>
        <source>Summary report</source>
        <translation>摘要报告</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="366"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="369"/>
        <source>Number of false positive regions</source>
        <translation>假阳性区域数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="370"/>
        <source>Number of false negative regions</source>
        <translation>假阴性区域数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="371"/>
        <source>Number of missed objects</source>
        <translation>遗漏目标数量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="379"/>
        <source>Give either an annotation layer or an annotation mask, not both: both 'ANNOTATION' and 'MASK' are set.</source>
        <translation>请只提供标注图层或标注掩膜之一，不能同时提供：“ANNOTATION”和“MASK”都已设置。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="382"/>
        <source>No annotation was given: choose a polygon layer (ANNOTATION) or a raster mask (MASK).</source>
        <translation>未提供标注：请选择多边形图层（ANNOTATION）或栅格掩膜（MASK）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="388"/>
        <source>No image was given, or it could not be loaded as a raster layer.</source>
        <translation>未指定影像，或无法将其加载为栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="389"/>
        <source>image</source>
        <translation>影像</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="396"/>
        <source>annotation</source>
        <translation>标注</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="401"/>
        <source>Give either an annotation layer or an annotation mask, not both: both '{a}' and '{m}' are set.</source>
        <translation>请只指定标注图层或标注掩膜之一，不要同时指定：'{a}' 和 '{m}' 都已设置。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="407"/>
        <source>No {what} was given: choose a polygon layer ({a}) or a raster mask ({m}).</source>
        <translation>未指定{what}：请选择多边形图层（{a}）或栅格掩膜（{m}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="414"/>
        <source>The filter applies to vector annotations only; it is ignored for the raster mask '{name}'.</source>
        <translation>筛选仅适用于矢量标注；对栅格掩膜 '{name}' 将被忽略。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="421"/>
        <source>The {what} layer could not be loaded.</source>
        <translation>无法加载{what}图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="425"/>
        <source>Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.</source>
        <translation>正在将{what} '{name}' 从 {src} 重投影到影像坐标参考系 {dst}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="429"/>
        <source>{what}: {n} feature(s) from '{name}'{flt}.</source>
        <translation>{what}：来自 '{name}' 的 {n} 个要素{flt}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="430"/>
        <source> matching {expr}</source>
        <translation>（符合 {expr}）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="442"/>
        <source>The tile overlap ({o} px) must be less than half the tile size ({t} px); lower the overlap.</source>
        <translation>瓦片重叠（{o} 像素）必须小于瓦片大小（{t} 像素）的一半；请减小重叠。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="474"/>
        <source>Writing the output layers</source>
        <translation>正在写入输出图层</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="478"/>
        <source>Quality map – {sheet}</source>
        <translation>质量图 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="484"/>
        <source>Confidence – {sheet}</source>
        <translation>置信度 – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="496"/>
        <source>{what} – {sheet}</source>
        <translation>{what} – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="503"/>
        <source>Estimated IoU {iou:.3f}; {fp} false positive and {fn} false negative region(s), {missed} missed object(s).</source>
        <translation>估计 IoU {iou:.3f}；{fp} 个假阳性区域和 {fn} 个假阴性区域，{missed} 个遗漏目标。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="507"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="522"/>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="523"/>
        <source>a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, reprojected on the fly; 'selected features only' and the filter expression are honoured) OR a raster mask (non-zero = object).</source>
        <translation>一幅已地理配准的影像（GDAL 可读的任意坐标参考系；与训练一致的 8 位 RGB，其他类型按 2-98 % 拉伸），以及待评估的标注：多边形图层（任意坐标参考系，实时重投影；支持“仅选中要素”和筛选表达式）或栅格掩膜（非零 = 目标），二者择一。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="527"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="528"/>
        <source>quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area (m²) and mean confidence, the annotated features with per-feature scores, missed objects, an HTML summary, and numbers for models: estimated IoU and FP/FN counts.</source>
        <translation>质量图（GeoTIFF，取值 1-4）、置信度（0-1）、带面积（m²）和平均置信度的 FP 与 FN 多边形、带逐要素得分的标注要素、遗漏目标、HTML 摘要，以及供模型使用的数值：估计 IoU 和 FP/FN 数量。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="531"/>
        <source>Quality classes</source>
        <translation>质量类别</translation>
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
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="66"/>
        <source>predicted quality</source>
        <translation>预测质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="67"/>
        <source>reference quality</source>
        <translation>参考质量</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="68"/>
        <source>Comparing the quality maps</source>
        <translation>正在比较质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="98"/>
        <source>Classes absent from both maps (left out of the means): {names}.</source>
        <translation>两幅图中均未出现的类别（不计入平均值）：{names}。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="100"/>
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
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="62"/>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="68"/>
        <source>Exporting {name} to ONNX ({t} px tiles)</source>
        <translation>正在将 {name} 导出为 ONNX（{t} 像素瓦片）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="73"/>
        <source>The ONNX export code could not be loaded ({err}).</source>
        <translation>无法加载 ONNX 导出代码（{err}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="89"/>
        <source>Wrote {path}.</source>
        <translation>已写入 {path}。</translation>
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
        <location filename="../segassess_qgis/algorithms/reference.py" line="49"/>
        <source>Reference filter (vector reference only)</source>
        <translation>参考筛选（仅限矢量参考数据）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="59"/>
        <source>reference data</source>
        <translation>参考数据</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="61"/>
        <source>The reference data (TRUTH) could not be loaded as a layer.</source>
        <translation>无法将参考数据（真值）加载为图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="69"/>
        <source>The reference data '{name}' is neither a vector nor a raster layer.</source>
        <translation>参考数据 '{name}' 既不是矢量图层也不是栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="73"/>
        <source>The reference layer '{name}' could not be read.</source>
        <translation>无法读取参考图层 '{name}'。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="80"/>
        <source>{what}: {n} feature(s) from '{name}'.</source>
        <translation>{what}：来自 '{name}' 的 {n} 个要素。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="92"/>
        <source>Reading the annotation and the reference data</source>
        <translation>正在读取标注和参考数据</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="101"/>
        <source>SegAssess quality map from reference data</source>
        <translation>SegAssess 由参考数据生成的质量图</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="85"/>
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
        <location filename="../segassess_qgis/plugin.py" line="123"/>
        <source>Dependency folder: {}</source>
        <translation>依赖项文件夹：{}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="147"/>
        <source>The dependency check in a separate Python ({python}) failed; a package may be broken. Details:</source>
        <translation>在独立的 Python（{python}）中检查依赖项失败；可能有软件包已损坏。详细信息：</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="153"/>
        <source>SegAssess dependencies</source>
        <translation>SegAssess 依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="160"/>
        <source>Install / update dependencies</source>
        <translation>安装/更新依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="178"/>
        <source>Dependencies installed. Restart QGIS to use them.</source>
        <translation>依赖项已安装。请重启 QGIS 以使用它们。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="182"/>
        <source>Installing dependencies failed; see the SegAssess log.</source>
        <translation>安装依赖项失败；请查看 SegAssess 日志。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="185"/>
        <source>Installing SegAssess dependencies</source>
        <translation>正在安装 SegAssess 依赖项</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="188"/>
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
        <location filename="../segassess_qgis/qgis_io.py" line="51"/>
        <source>no CRS</source>
        <translation>无坐标参考系</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="52"/>
        <source>custom CRS</source>
        <translation>自定义坐标参考系</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="103"/>
        <source>The {role} raster layer could not be loaded.</source>
        <translation>无法加载{role}栅格图层。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="107"/>
        <source>The {role} layer '{name}' is not a file-based raster (provider '{provider}'); SegAssess reads rasters from files: save it first (right-click &gt; Export &gt; Save As... GeoTIFF) and use the saved file.</source>
        <translation>{role}图层 '{name}' 不是基于文件的栅格（数据提供者 '{provider}'）；SegAssess 从文件读取栅格：请先保存它（右键 &gt; 导出 &gt; 另存为... GeoTIFF），然后使用保存的文件。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="112"/>
        <source>The {role} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>{role}图层 '{name}' 没有坐标参考系；请在 图层属性 &gt; 源 中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="134"/>
        <source>The {what} '{name}' does not overlap the image '{image}': {what} extent {ext1} (in the image CRS, from {crs1}), image extent {ext2}. Check that both layers cover the same area and that their coordinate reference systems are set correctly.</source>
        <translation>{what} '{name}' 与影像 '{image}' 不重叠：{what}范围 {ext1}（影像坐标参考系下，源自 {crs1}），影像范围 {ext2}。请检查两个图层是否覆盖同一区域，以及它们的坐标参考系是否设置正确。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="160"/>
        <source>The {what} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>{what}图层 '{name}' 没有坐标参考系；请在 图层属性 &gt; 源 中设置后重新运行。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="164"/>
        <source>No feature of the {what} layer '{name}' is selected, but 'Selected features only' is checked: select the features to use, or uncheck 'Selected features only'.</source>
        <translation>{what}图层“{name}”中没有选中任何要素，但勾选了“仅选中的要素”：请选择要使用的要素，或取消勾选“仅选中的要素”。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="171"/>
        <source>The filter {expr} is not a valid expression ({err}); write it like "Niveau_2" = 'Building'.</source>
        <translation>过滤条件 {expr} 不是有效的表达式（{err}）；请写成类似 "Niveau_2" = 'Building' 的形式。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="189"/>
        <source>The {what} layer '{name}' holds {kind} geometries; SegAssess needs polygons (building footprints, water bodies).</source>
        <translation>{what}图层 '{name}' 包含{kind}几何；SegAssess 需要多边形（建筑物轮廓、水体）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="201"/>
        <source>Cannot write the temporary file {path}: {err}</source>
        <translation>无法写入临时文件 {path}：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="226"/>
        <source>Reading {what}: {n} of {total} features</source>
        <translation>正在读取{what}：{n} / {total} 个要素</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="234"/>
        <source>The filter {expr} selected no feature of the {what} layer '{name}'; check the field name and value (e.g. "Niveau_2" = 'Building').</source>
        <translation>筛选 {expr} 未在{what}图层 '{name}' 中选中任何要素；请检查字段名和值（例如 "Niveau_2" = 'Building'）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="238"/>
        <source>The {what} layer '{name}' has no features: every pixel counts as background.</source>
        <translation>{what}图层 '{name}' 没有要素：所有像素都视为背景。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="275"/>
        <source>GDAL could not write {path} (format {driver}).</source>
        <translation>GDAL 无法写入 {path}（格式 {driver}）。</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="322"/>
        <source>Could not write a feature to the output layer: {err}</source>
        <translation>无法将要素写入输出图层：{err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="37"/>
        <source>TP: annotated and correct</source>
        <translation>TP：已标注且正确</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="38"/>
        <source>FP: annotated but wrong (false positive)</source>
        <translation>FP：已标注但错误（假阳性）</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="39"/>
        <source>TN: background and correct</source>
        <translation>TN：背景且正确</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="40"/>
        <source>FN: object missed by the annotation (false negative)</source>
        <translation>FN：标注遗漏的目标（假阴性）</translation>
    </message>
</context>
</TS>
