<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>SegAssess</name>
    <message>
        <location filename="../core/assess/annotation.py" line="156"/>
        <source>No feature of the {what} {name} lies inside the image (the nearest lies {distance} away): every object on it will be a missed object (FN); if that is unexpected, check that both layers show the same place and that their CRSs are declared correctly.</source>
        <translation>Aucune entité de la couche {what} {name} ne se trouve dans l'image (la plus proche est à {distance}) : chaque objet de l'image sera un objet manqué (FN) ; si c'est inattendu, vérifiez que les deux couches montrent le même lieu et que leurs SCR sont déclarés correctement.</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="161"/>
        <source>No feature of the {what} {name} lies inside the image (the layer's extent lies {distance} away): every object on it will be a missed object (FN); if that is unexpected, check that both layers show the same place and that their CRSs are declared correctly.</source>
        <translation>Aucune entité de la couche {what} {name} ne se trouve dans l'image (l'emprise de la couche est à {distance}) : chaque objet de l'image sera un objet manqué (FN) ; si c'est inattendu, vérifiez que les deux couches montrent le même lieu et que leurs SCR sont déclarés correctement.</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="230"/>
        <source>No feature of the {what} {name} lies inside the image.</source>
        <translation>Aucune entité de la couche {what} {name} ne se trouve dans l'image.</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="232"/>
        <source>The {what} {name} has no features matching {where}: every pixel will be treated as background (TN/FN).</source>
        <translation>La couche {what} {name} n'a aucune entité correspondant à {where} : chaque pixel sera traité comme du fond (TN/FN).</translation>
    </message>
    <message>
        <location filename="../core/assess/annotation.py" line="235"/>
        <source>The {what} {name} has no features: every pixel will be treated as background (TN/FN).</source>
        <translation>La couche {what} {name} n'a aucune entité : chaque pixel sera traité comme du fond (TN/FN).</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="241"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="278"/>
        <source>Polygonizing false positives and false negatives</source>
        <translation>Vectorisation des faux positifs et des faux négatifs</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="297"/>
        <source>Scoring {n} annotated feature(s)</source>
        <translation>Évaluation de {n} entité(s) annotée(s)</translation>
    </message>
    <message>
        <location filename="../core/assess/pipeline.py" line="308"/>
        <source>Writing outputs</source>
        <translation>Écriture des sorties</translation>
    </message>
    <message>
        <location filename="../core/assess/tilestream.py" line="133"/>
        <source>Assessed tile {done}/{total}</source>
        <translation>Tuile évaluée {done}/{total}</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="44"/>
        <source>Tile size {t} is not an integer; use a multiple of {patch} such as 512.</source>
        <translation>La taille de tuile {t} n'est pas un entier ; utilisez un multiple de {patch}, par exemple 512.</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="47"/>
        <source>Tile size {t} is not a positive multiple of {patch}; use e.g. 256, 320 or 512.</source>
        <translation>La taille de tuile {t} n'est pas un multiple positif de {patch} ; utilisez par exemple 256, 320 ou 512.</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="50"/>
        <source>Tile size {t} is too large: at most {max} px (memory grows with the 4th power of the tile side); use the model's own tile size, e.g. 512.</source>
        <translation>La taille de tuile {t} est trop grande : au plus {max} px (la mémoire croît avec la puissance 4 du côté de la tuile) ; utilisez la taille de tuile du modèle, par exemple 512.</translation>
    </message>
    <message>
        <location filename="../core/assess/tiling.py" line="60"/>
        <source>Overlap {o} px must be at least 0 and less than half the tile size of {t} px; lower the overlap.</source>
        <translation>Le recouvrement de {o} px doit être d'au moins 0 et inférieur à la moitié de la taille de tuile de {t} px ; réduisez le recouvrement.</translation>
    </message>
    <message>
        <location filename="../core/rank/run.py" line="143"/>
        <source>Matching the candidates' objects and choosing the best of each</source>
        <translation>Mise en correspondance des objets des candidats et choix du meilleur de chacun</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="35"/>
        <source>CUDA was chosen but this ONNX Runtime has no CUDA support (available: {prov}); install onnxruntime-gpu into QGIS's Python, or choose 'auto' or 'CPU'.</source>
        <translation>CUDA a été choisi mais cet ONNX Runtime ne prend pas en charge CUDA (disponible : {prov}) ; installez onnxruntime-gpu dans le Python de QGIS, ou choisissez « auto » ou « CPU ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="44"/>
        <source>the installed PyTorch {v} is a CPU-only build</source>
        <translation>le PyTorch {v} installé est une version CPU uniquement</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="46"/>
        <source>PyTorch {v} (built for CUDA {c}) finds no usable NVIDIA GPU or driver</source>
        <translation>PyTorch {v} (compilé pour CUDA {c}) ne trouve aucun GPU NVIDIA ni pilote utilisable</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="48"/>
        <source>CUDA was chosen but {why}; choose 'auto' or 'CPU', or install a CUDA build of PyTorch (Plugins &gt; SegAssess &gt; Check / install dependencies).</source>
        <translation>CUDA a été choisi mais {why} ; choisissez « auto » ou « CPU », ou installez une version CUDA de PyTorch (Extensions &gt; SegAssess &gt; Vérifier / installer les dépendances).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="58"/>
        <source>Assess segmentation quality</source>
        <translation>Évaluer la qualité de la segmentation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="65"/>
        <source>built in</source>
        <translation>intégré</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="68"/>
        <source>Predicts, without any ground truth, for every pixel whether the annotation is right or wrong: TP (annotated and correct), FP (annotated but no object), TN, FN (object not annotated). A SegAssess network looks at the image and the annotation together, tile by tile.</source>
        <translation>Prédit, sans aucune vérité terrain, pour chaque pixel si l'annotation est juste ou fausse : TP (annoté et correct), FP (annoté mais sans objet), TN, FN (objet non annoté). Un réseau SegAssess examine l'image et l'annotation ensemble, tuile par tuile.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="72"/>
        <source>Model file: SegAssess weights (.pkl/.pth released by the authors, .safetensors, or an .onnx export). Empty: the built-in tiny demo model (trained on generated scenes, for trying the tool, not for real imagery).</source>
        <translation>Fichier de modèle : poids SegAssess (.pkl/.pth publiés par les auteurs, .safetensors ou export .onnx). Vide : le petit modèle de démonstration intégré (entraîné sur des scènes générées, pour essayer l'outil, pas pour de l'imagerie réelle).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="75"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="75"/>
        <source>download released model files from {url} (not redistributed with the plugin). Known models:</source>
        <translation>téléchargez les fichiers de modèle publiés depuis {url} (non redistribués avec l'extension). Modèles connus :</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>tile size 0 uses the tile size the model was trained on (listed above; else a multiple of 16); overlap blends tile borders; device 'auto' uses CUDA when PyTorch finds a GPU; ONNX Runtime runs an .onnx file (see 'Export model to ONNX') or exports a checkpoint once; 'consistent classes' forbids TP/FP outside the annotation and TN/FN inside it (the released model does not enforce this).</source>
        <translation>une taille de tuile 0 utilise la taille de tuile d'entraînement du modèle (indiquée ci-dessus ; sinon un multiple de 16) ; le recouvrement fond les bords des tuiles ; le périphérique « auto » utilise CUDA lorsque PyTorch trouve un GPU ; ONNX Runtime exécute un fichier .onnx (voir « Exporter le modèle en ONNX ») ou exporte une fois un point de contrôle ; « classes cohérentes » interdit TP/FP hors de l'annotation et TN/FN à l'intérieur (le modèle publié ne l'impose pas).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>the image must be a file-based, north-up, georeferenced raster; 8-bit RGB imagery of 0.3-1 m resolution matches the training data best; quality is an estimate, check the confidence raster.</source>
        <translation>l'image doit être un raster sur fichier, orienté nord, géoréférencé ; une imagerie RVB 8 bits de 0,3 à 1 m de résolution correspond le mieux aux données d'entraînement ; la qualité est une estimation, consultez le raster de confiance.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>Limits</source>
        <translation>Limites</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="101"/>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA (GPU NVIDIA)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="105"/>
        <source>Inference engine</source>
        <translation>Moteur d'inférence</translation>
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
        <translation>Classes cohérentes (TP/FP seulement dans l'annotation, TN/FN à l'extérieur)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="128"/>
        <source>The model {name} was trained on {t} px tiles but the tile size is {s} px; results are usually best at {t} (tile size 0).</source>
        <translation>Le modèle {name} a été entraîné sur des tuiles de {t} px mais la taille de tuile est de {s} px ; les résultats sont généralement meilleurs à {t} (taille de tuile 0).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="138"/>
        <source>The model is an ONNX file: using ONNX Runtime.</source>
        <translation>Le modèle est un fichier ONNX : utilisation d'ONNX Runtime.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="141"/>
        <source>ONNX Runtime with a PyTorch checkpoint: the model is exported to ONNX once and cached.</source>
        <translation>ONNX Runtime avec un point de contrôle PyTorch : le modèle est exporté une fois en ONNX et mis en cache.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="159"/>
        <source>Reading the annotation</source>
        <translation>Lecture de l'annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="164"/>
        <source>Loading the model {name}</source>
        <translation>Chargement du modèle {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="168"/>
        <source>Model {name} on {device} ({engine}).</source>
        <translation>Modèle {name} sur {device} ({engine}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="182"/>
        <source>SegAssess – {sheet} (demo model)</source>
        <translation>SegAssess – {sheet} (modèle de démonstration)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="182"/>
        <source>SegAssess – {sheet}</source>
        <translation>SegAssess – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>SegAssess quality assessment (demo model)</source>
        <translation>Évaluation de la qualité SegAssess (modèle de démonstration)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>SegAssess quality assessment</source>
        <translation>Évaluation de la qualité SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="52"/>
        <source>Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.</source>
        <translation>Reprojection de « {what} » « {name} » de {src} vers le SCR de l'image {dst}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="56"/>
        <source>{what}: {n} feature(s) from '{name}'{flt}.</source>
        <translation>{what} : {n} entité(s) de « {name} »{flt}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="57"/>
        <source> matching {expr}</source>
        <translation> correspondant à {expr}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="69"/>
        <source>The {what} '{name}' is neither a vector nor a raster layer.</source>
        <translation>Les {what} « {name} » ne sont ni une couche vecteur ni une couche raster.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="72"/>
        <source>The {what} layer '{name}' could not be read.</source>
        <translation>La couche {what} « {name} » n'a pas pu être lue.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="85"/>
        <source>Image (georeferenced raster)</source>
        <translation>Image (raster géoréférencé)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="88"/>
        <source>Bands (red, green, blue; default 1, 2, 3)</source>
        <translation>Bandes (rouge, vert, bleu ; par défaut 1, 2, 3)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="91"/>
        <source>Annotation polygons to assess (vector)</source>
        <translation>Polygones d'annotation à évaluer (vecteur)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="94"/>
        <source>Annotation mask to assess (raster, non-zero = object)</source>
        <translation>Masque d'annotation à évaluer (raster, non nul = objet)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="96"/>
        <source>Annotation filter (e.g. "Niveau_2" = 'Building')</source>
        <translation>Filtre d'annotation (p. ex. "Niveau_2" = 'Building')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="101"/>
        <source>Minimum FP/FN polygon area (ground m²)</source>
        <translation>Surface minimale des polygones FP/FN (m² au sol)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="113"/>
        <source>Quality map (1 TP, 2 FP, 3 TN, 4 FN)</source>
        <translation>Carte de qualité (1 TP, 2 FP, 3 TN, 4 FN)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="116"/>
        <source>Confidence (0-1)</source>
        <translation>Confiance (0-1)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="121"/>
        <source>Summary report</source>
        <translation>Rapport de synthèse</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="121"/>
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="125"/>
        <source>Assessment GeoPackage with the review items (decisions kept on re-runs)</source>
        <translation>GeoPackage d'évaluation avec les éléments à revoir (décisions conservées lors des réexécutions)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="126"/>
        <source>GeoPackage files (*.gpkg)</source>
        <translation>Fichiers GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="128"/>
        <source>Number of false positive regions</source>
        <translation>Nombre de zones de faux positifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="129"/>
        <source>Number of false negative regions</source>
        <translation>Nombre de zones de faux négatifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="130"/>
        <source>Number of missed objects</source>
        <translation>Nombre d'objets manqués</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="133"/>
        <source>IoU of the annotation (exact, against the reference)</source>
        <translation>IoU de l'annotation (exacte, par rapport à la référence)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="134"/>
        <source>Estimated IoU of the annotation</source>
        <translation>IoU estimé de l'annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="142"/>
        <source>Give either an annotation layer or an annotation mask, not both: both 'ANNOTATION' and 'MASK' are set.</source>
        <translation>Donnez soit une couche d'annotation, soit un masque d'annotation, pas les deux : « ANNOTATION » et « MASK » sont tous deux renseignés.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="145"/>
        <source>No annotation was given: choose a polygon layer (ANNOTATION) or a raster mask (MASK).</source>
        <translation>Aucune annotation fournie : choisissez une couche de polygones (ANNOTATION) ou un masque raster (MASK).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="151"/>
        <source>No image was given, or it could not be loaded as a raster layer.</source>
        <translation>Aucune image n'a été indiquée, ou elle n'a pas pu être chargée comme couche raster.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="152"/>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="157"/>
        <source>annotation</source>
        <translation>annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="162"/>
        <source>Give either an annotation layer or an annotation mask, not both: both '{a}' and '{m}' are set.</source>
        <translation>Indiquez soit une couche d'annotation, soit un masque d'annotation, pas les deux : « {a} » et « {m} » sont tous deux renseignés.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="168"/>
        <source>No {what} was given: choose a polygon layer ({a}) or a raster mask ({m}).</source>
        <translation>Aucune donnée « {what} » n'a été indiquée : choisissez une couche de polygones ({a}) ou un masque raster ({m}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="174"/>
        <source>The filter applies to vector annotations only; it is ignored for the raster mask '{name}'.</source>
        <translation>Le filtre ne s'applique qu'aux annotations vecteur ; il est ignoré pour le masque raster « {name} ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess_base.py" line="179"/>
        <source>The {what} layer could not be loaded.</source>
        <translation>La couche « {what} » n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="27"/>
        <source>Cancelled by the user; no output was written.</source>
        <translation>Annulé par l'utilisateur ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="38"/>
        <source>SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import ({error}). Install them for QGIS's Python: run "{python}" "{script}" --install (or Plugins &gt; SegAssess &gt; Check / install dependencies), or "{python} -m pip install {names}" (OSGeo4W Shell on Windows), then restart QGIS.</source>
        <translation>SegAssess a besoin du ou des paquets Python {names}, que le Python de QGIS ({python}) ne peut pas importer ({error}). Installez-les pour le Python de QGIS : exécutez "{python}" "{script}" --install (ou Extensions &gt; SegAssess &gt; Vérifier / installer les dépendances), ou « {python} -m pip install {names} » (OSGeo4W Shell sous Windows), puis redémarrez QGIS.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="106"/>
        <source>Quality assessment</source>
        <translation>Évaluation de la qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="116"/>
        <source>Tile size (pixels; 0: the tile size the model was trained on)</source>
        <translation>Taille de tuile (pixels ; 0 : la taille d'entraînement du modèle)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="117"/>
        <source>Tile size (pixels)</source>
        <translation>Taille de tuile (pixels)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="122"/>
        <source>Tile overlap (pixels)</source>
        <translation>Recouvrement des tuiles (pixels)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="125"/>
        <source>Batch size (tiles per step)</source>
        <translation>Taille de lot (tuiles par étape)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="55"/>
        <source>Assess map-sheet campaign (batch)</source>
        <translation>Évaluer une campagne de feuilles cartographiques (lot)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="59"/>
        <source>Assesses many map sheets in one resumable campaign: every sheet gets the quality map, FP/FN polygons and per-feature scores of 'Assess segmentation quality' (or of 'Quality map from reference data' with the reference assessor), and the campaign merges them into one report.</source>
        <translation>Évalue de nombreuses feuilles cartographiques en une campagne reprenable : chaque feuille reçoit la carte de qualité, les polygones FP/FN et les scores par entité de « Évaluer la qualité de la segmentation » (ou de « Carte de qualité à partir de données de référence » avec l'évaluateur de référence), et la campagne les fusionne en un seul rapport.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="63"/>
        <source>for large campaigns use this algorithm rather than the Processing batch dialog: a manifest in the output folder records every finished sheet, so a cancelled, failed or interrupted campaign resumes where it stopped when run again with the same output folder; sheets are assessed in parallel by Dask worker processes (WORKERS, or a Dask scheduler address); and the results are merged into one GeoPackage, a table per sheet and an HTML report. For a handful of sheets the batch dialog of 'Assess segmentation quality' (segassess:assess) is fine.</source>
        <translation>pour les grandes campagnes, utilisez cet algorithme plutôt que le traitement par lot de Processing : un manifeste dans le dossier de sortie enregistre chaque feuille terminée, de sorte qu'une campagne annulée, échouée ou interrompue reprend là où elle s'est arrêtée lorsqu'on la relance avec le même dossier de sortie ; les feuilles sont évaluées en parallèle par des processus de travail Dask (WORKERS, ou l'adresse d'un ordonnanceur Dask) ; et les résultats sont fusionnés en un GeoPackage, un tableau par feuille et un rapport HTML. Pour quelques feuilles, le traitement par lot de « Évaluer la qualité de la segmentation » (segassess:assess) suffit.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="63"/>
        <source>Why not the batch dialog</source>
        <translation>Pourquoi pas le traitement par lot</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="70"/>
        <source>the sheets, EITHER a folder of GeoTIFFs (one sheet per file), OR a sheet list (.csv/.yaml with a column 'image' and optional 'id', 'annotation'), OR a sheet-index polygon layer over one mosaic or VRT (MOSAIC, with the sheet id field ID_FIELD; each sheet is read with MARGIN_PX pixels of context). The annotation is one polygon file for all sheets (the layer's own filter and the annotation filter, an OGR SQL WHERE clause such as "Niveau_2" = 'Building', are applied). The reference assessor needs the reference data (TRUTH); the network assessor uses the model file (empty: the built-in demo model).</source>
        <translation>les feuilles, SOIT un dossier de GeoTIFF (une feuille par fichier), SOIT une liste de feuilles (.csv/.yaml avec une colonne 'image' et, en option, 'id', 'annotation'), SOIT une couche de polygones d'index de feuilles sur une mosaïque ou un VRT (MOSAIC, avec le champ d'identifiant de feuille ID_FIELD ; chaque feuille est lue avec MARGIN_PX pixels de contexte). L'annotation est un seul fichier de polygones pour toutes les feuilles (le filtre propre à la couche et le filtre d'annotation, une clause SQL WHERE d'OGR telle que "Niveau_2" = 'Building', sont appliqués). L'évaluateur de référence a besoin des données de référence (TRUTH) ; l'évaluateur réseau utilise le fichier de modèle (vide : le modèle de démonstration intégré).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="70"/>
        <source>Inputs</source>
        <translation>Entrées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="78"/>
        <source>in the output folder: campaign.sqlite (the manifest), sheets/&lt;id&gt;/ (each sheet's outputs), campaign_report.gpkg (layers false_positive, false_negative, scored_features and missed_objects, each with the column sheet_id), campaign_sheets.csv and campaign_report.html. The merged FP, FN and scored layers are added to the project in one group. DONE and FAILED count the sheets; failed sheets do not stop the campaign and are listed in the report.</source>
        <translation>dans le dossier de sortie : campaign.sqlite (le manifeste), sheets/&lt;id&gt;/ (les sorties de chaque feuille), campaign_report.gpkg (couches false_positive, false_negative, scored_features et missed_objects, chacune avec la colonne sheet_id), campaign_sheets.csv et campaign_report.html. Les couches fusionnées FP, FN et des entités notées sont ajoutées au projet dans un groupe. DONE et FAILED comptent les feuilles ; les feuilles en échec n'arrêtent pas la campagne et sont listées dans le rapport.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="78"/>
        <source>Outputs</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="85"/>
        <source>in each sheet's quality map 1 TP red, 2 FP green, 3 TN blue, 4 FN cyan; FP polygons are outlined green and FN polygons cyan.</source>
        <translation>dans la carte de qualité de chaque feuille 1 TP rouge, 2 FP vert, 3 TN bleu, 4 FN cyan ; les polygones FP sont contournés en vert et les polygones FN en cyan.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="85"/>
        <source>Quality classes</source>
        <translation>Classes de qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="88"/>
        <source>the campaign runs as a separate Python process (the QGIS process cannot start Dask workers), which needs the same dependencies as the plugin plus dask and distributed; layers must be files (a selection is ignored); choose a real output folder to be able to resume. Released model files: {url}</source>
        <translation>la campagne s'exécute dans un processus Python séparé (le processus QGIS ne peut pas lancer de processus de travail Dask), qui a besoin des mêmes dépendances que l'extension plus dask et distributed ; les couches doivent être des fichiers (une sélection est ignorée) ; choisissez un vrai dossier de sortie pour pouvoir reprendre. Fichiers de modèles publiés : {url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="96"/>
        <source>Sheets: sheet list (.csv/.yaml) or sheet-index layer</source>
        <translation>Feuilles : liste de feuilles (.csv/.yaml) ou couche d'index de feuilles</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="99"/>
        <source>Sheets: folder of GeoTIFFs (instead of a list)</source>
        <translation>Feuilles : dossier de GeoTIFF (au lieu d'une liste)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="102"/>
        <source>Annotation polygons to assess (vector file, all sheets)</source>
        <translation>Polygones d'annotation à évaluer (fichier vecteur, toutes les feuilles)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="105"/>
        <source>Annotation filter (SQL WHERE, e.g. "Niveau_2" = 'Building')</source>
        <translation>Filtre d'annotation (SQL WHERE, p. ex. "Niveau_2" = 'Building')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="108"/>
        <source>Mosaic or VRT under the sheet index (sheet-index mode)</source>
        <translation>Mosaïque ou VRT sous l'index de feuilles (mode index de feuilles)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="110"/>
        <source>Sheet id field of the sheet index</source>
        <translation>Champ d'identifiant de feuille de l'index</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="112"/>
        <source>Context margin around each sheet of the mosaic (pixels; -1: aligned on the tile grid, seamless)</source>
        <translation>Marge de contexte autour de chaque feuille de la mosaïque (pixels ; -1 : alignée sur la grille des tuiles, sans raccord)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="117"/>
        <source>Assessor</source>
        <translation>Évaluateur</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="117"/>
        <source>SegAssess network (no ground truth)</source>
        <translation>Réseau SegAssess (sans vérité terrain)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="118"/>
        <source>Reference data (exact quality map)</source>
        <translation>Données de référence (carte de qualité exacte)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="122"/>
        <source>Reference data (ground truth polygons, reference assessor)</source>
        <translation>Données de référence (polygones de vérité terrain, évaluateur de référence)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="125"/>
        <source>Reference filter (vector reference only)</source>
        <translation>Filtre de référence (référence vecteur uniquement)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="131"/>
        <source>Parallel workers (0 = automatic)</source>
        <translation>Processus de travail parallèles (0 = automatique)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="134"/>
        <source>Dask scheduler address (e.g. tcp://host:8786; empty: local workers)</source>
        <translation>Adresse de l'ordonnanceur Dask (p. ex. tcp://hote:8786 ; vide : processus locaux)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="138"/>
        <source>Campaign folder (re-use it to resume)</source>
        <translation>Dossier de la campagne (réutilisez-le pour reprendre)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="139"/>
        <source>Merged report (GeoPackage)</source>
        <translation>Rapport fusionné (GeoPackage)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="140"/>
        <source>Table of sheets (CSV)</source>
        <translation>Tableau des feuilles (CSV)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="141"/>
        <source>Campaign report (HTML)</source>
        <translation>Rapport de campagne (HTML)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="142"/>
        <source>Sheets done</source>
        <translation>Feuilles terminées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="143"/>
        <source>Sheets failed</source>
        <translation>Feuilles en échec</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="144"/>
        <source>Sheets already done before this run (resumed)</source>
        <translation>Feuilles déjà terminées avant cette exécution (reprise)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="151"/>
        <source>The campaign folder is a temporary folder ({dir}): choose a folder of your own to be able to resume the campaign later.</source>
        <translation>Le dossier de la campagne est un dossier temporaire ({dir}) : choisissez votre propre dossier pour pouvoir reprendre la campagne plus tard.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="157"/>
        <source>Starting the campaign</source>
        <translation>Démarrage de la campagne</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="167"/>
        <source>Cancelled by the user: the sheets finished so far are kept in {dir}; run the algorithm again with the same campaign folder to resume.</source>
        <translation>Annulé par l'utilisateur : les feuilles déjà terminées sont conservées dans {dir} ; relancez l'algorithme avec le même dossier de campagne pour reprendre.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="171"/>
        <source>The campaign was interrupted: the sheets finished so far are kept in {dir}; run the algorithm again with the same campaign folder to resume.</source>
        <translation>La campagne a été interrompue : les feuilles déjà terminées sont conservées dans {dir} ; relancez l'algorithme avec le même dossier de campagne pour reprendre.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="175"/>
        <source>The campaign command refused its input (exit code 2).</source>
        <translation>La commande de campagne a refusé ses entrées (code de sortie 2).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="183"/>
        <source>The campaign command could not import its dependencies with {python} ({err}). The campaign needs the plugin's dependencies plus dask and distributed for that interpreter: install them (Plugins &gt; SegAssess &gt; Check / install dependencies) or set SEGASSESS_PYTHON to a Python that has them.</source>
        <translation>La commande de campagne n'a pas pu importer ses dépendances avec {python} ({err}). La campagne a besoin des dépendances de l'extension plus dask et distributed pour cet interpréteur : installez-les (Extensions &gt; SegAssess &gt; Vérifier / installer les dépendances) ou indiquez dans SEGASSESS_PYTHON un Python qui les possède.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="187"/>
        <source>The campaign command failed (exit code {rc}): {err}</source>
        <translation>La commande de campagne a échoué (code de sortie {rc}) : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="187"/>
        <source>no message</source>
        <translation>aucun message</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="194"/>
        <source>Campaign of {total} sheet(s): {todo} to assess, {skipped} already done (kept from the manifest).</source>
        <translation>Campagne de {total} feuille(s) : {todo} à évaluer, {skipped} déjà terminée(s) (conservées d'après le manifeste).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="197"/>
        <source>Dask dashboard: {url}</source>
        <translation>Tableau de bord Dask : {url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="199"/>
        <source>Assessing the sheets</source>
        <translation>Évaluation des feuilles</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="205"/>
        <source>Sheet {sheet} failed ({done}/{total}): {err}</source>
        <translation>La feuille {sheet} a échoué ({done}/{total}) : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="208"/>
        <source>Sheet {sheet} done ({done}/{total}).</source>
        <translation>Feuille {sheet} terminée ({done}/{total}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="215"/>
        <source>Campaign report written: {path}</source>
        <translation>Rapport de campagne écrit : {path}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="235"/>
        <source>Campaign finished: {done} sheet(s) done ({skipped} from earlier runs), {failed} failed.</source>
        <translation>Campagne terminée : {done} feuille(s) terminée(s) (dont {skipped} lors d'exécutions précédentes), {failed} en échec.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="238"/>
        <source>{failed} of {total} sheet(s) failed; the report lists them with the reason. Run the algorithm again with the same campaign folder to retry them.</source>
        <translation>{failed} feuille(s) sur {total} en échec ; le rapport les liste avec la raison. Relancez l'algorithme avec le même dossier de campagne pour les réessayer.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/batch.py" line="254"/>
        <source>Campaign – {name}</source>
        <translation>Campagne – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="59"/>
        <source>The {what} layer '{name}' is neither a file nor a PostGIS table (provider '{provider}'); save it first (right-click &gt; Export &gt; Save Features As... GeoPackage) and use the saved file.</source>
        <translation>La couche {what} « {name} » n'est ni un fichier ni une table PostGIS (fournisseur « {provider} ») ; enregistrez-la d'abord (clic droit &gt; Exporter &gt; Sauvegarder les entités sous... GeoPackage) et utilisez le fichier enregistré.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="65"/>
        <source>The {what} file {path} does not exist.</source>
        <translation>Le fichier {what} {path} n'existe pas.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="76"/>
        <source>Give either a sheet list/index file (SHEETS) or a folder of GeoTIFFs (SHEETS_FOLDER), not both.</source>
        <translation>Indiquez soit un fichier de liste/index de feuilles (SHEETS), soit un dossier de GeoTIFF (SHEETS_FOLDER), pas les deux.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="96"/>
        <source>No sheets were given: choose a folder of GeoTIFFs (SHEETS_FOLDER), or a sheet list (.csv/.yaml) or sheet-index layer (SHEETS).</source>
        <translation>Aucune feuille n'a été indiquée : choisissez un dossier de GeoTIFF (SHEETS_FOLDER), ou une liste de feuilles (.csv/.yaml) ou une couche d'index de feuilles (SHEETS).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="101"/>
        <source>No annotation was given: choose the polygon layer to assess (ANNOTATION); only a sheet list (.csv/.yaml) may name each sheet's annotation itself.</source>
        <translation>Aucune annotation n'a été indiquée : choisissez la couche de polygones à évaluer (ANNOTATION) ; seule une liste de feuilles (.csv/.yaml) peut nommer elle-même l'annotation de chaque feuille.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="104"/>
        <source>A mosaic needs a sheet-index polygon layer in SHEETS (and its id field in ID_FIELD), not a folder of GeoTIFFs.</source>
        <translation>Une mosaïque nécessite une couche de polygones d'index de feuilles dans SHEETS (et son champ d'identifiant dans ID_FIELD), pas un dossier de GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="108"/>
        <source>The reference assessor needs reference data: choose the ground-truth polygon layer (TRUTH).</source>
        <translation>L'évaluateur de référence a besoin de données de référence : choisissez la couche de polygones de vérité terrain (TRUTH).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="135"/>
        <source>The {what} '{value}' could not be opened as a vector layer; choose a polygon layer or file (GeoPackage, Shapefile, GeoJSON...).</source>
        <translation>La couche {what} « {value} » n'a pas pu être ouverte comme couche vecteur ; choisissez une couche ou un fichier de polygones (GeoPackage, Shapefile, GeoJSON...).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="152"/>
        <source>mosaic</source>
        <translation>mosaïque</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/campaign_args.py" line="169"/>
        <source>reference data</source>
        <translation>données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="34"/>
        <source>False positive regions (FP polygons)</source>
        <translation>Régions faux positifs (polygones FP)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="35"/>
        <source>False negative regions (FN polygons)</source>
        <translation>Régions faux négatifs (polygones FN)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="36"/>
        <source>Annotated features with quality scores</source>
        <translation>Entités annotées avec scores de qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="37"/>
        <source>Missed objects (FN regions touching no feature)</source>
        <translation>Objets manqués (régions FN ne touchant aucune entité)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="71"/>
        <source>Exact quality map – {sheet}</source>
        <translation>Carte de qualité exacte – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="71"/>
        <source>Estimated quality map – {sheet}</source>
        <translation>Carte de qualité estimée – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="78"/>
        <source>Confidence – {sheet}</source>
        <translation>Confiance – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="103"/>
        <source>{what} – {sheet}</source>
        <translation>{what} – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="137"/>
        <source>Writing the output layers</source>
        <translation>Écriture des couches de sortie</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="151"/>
        <source>IoU {iou:.3f} (exact, against the reference)</source>
        <translation>IoU {iou:.3f} (exacte, par rapport à la référence)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="151"/>
        <source>Estimated IoU {iou:.3f}</source>
        <translation>IoU estimée {iou:.3f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/delivery.py" line="152"/>
        <source>{fp} false positive and {fn} false negative region(s), {missed} missed object(s).</source>
        <translation>{fp} région(s) faux positif et {fn} région(s) faux négatif, {missed} objet(s) manqué(s).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="34"/>
        <source>Compare with reference</source>
        <translation>Comparer avec la référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="38"/>
        <source>Scores a predicted quality map (from 'Assess segmentation quality') against a reference quality map of the same image (from 'Quality map from reference data'), as in the SegAssess paper: per class (TP, FP, TN, FN) one-vs-rest precision, recall, F1 and IoU, then mF1 and mIoU over the classes present.</source>
        <translation>Évalue une carte de qualité prédite (issue de « Évaluer la qualité de la segmentation ») par rapport à une carte de qualité de référence de la même image (issue de « Carte de qualité à partir de données de référence »), comme dans l'article SegAssess : pour chaque classe (TP, FP, TN, FN), précision, rappel, F1 et IoU un-contre-tous, puis mF1 et mIoU sur les classes présentes.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="42"/>
        <source>two quality rasters (values 1 TP red, 2 FP green, 3 TN blue, 4 FN cyan; 0 = no data) on the same pixel grid.</source>
        <translation>deux rasters de qualité (valeurs 1 TP rouge, 2 FP vert, 3 TN bleu, 4 FN cyan ; 0 = sans données) sur la même grille de pixels.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="44"/>
        <source>a table with one row per class (class, precision, recall, F1, IoU, pixels) and a 'mean' row; the numbers mF1 and mIoU for use in models.</source>
        <translation>une table avec une ligne par classe (classe, précision, rappel, F1, IoU, pixels) et une ligne « moyenne » ; les valeurs mF1 et mIoU pour les modèles.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="47"/>
        <source>both rasters must have the same size, transform and CRS; a class absent from both maps is left empty and excluded from the means.</source>
        <translation>les deux rasters doivent avoir la même taille, la même transformation et le même SCR ; une classe absente des deux cartes reste vide et est exclue des moyennes.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="50"/>
        <source>Predicted maps come from 'Assess segmentation quality' with a SegAssess model; released model files: {url}</source>
        <translation>Les cartes prédites viennent de « Évaluer la qualité de la segmentation » avec un modèle SegAssess ; fichiers de modèles publiés : {url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="54"/>
        <source>Predicted quality map</source>
        <translation>Carte de qualité prédite</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="55"/>
        <source>Reference quality map</source>
        <translation>Carte de qualité de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="57"/>
        <source>Scores per class</source>
        <translation>Scores par classe</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="58"/>
        <source>Mean F1 (mF1)</source>
        <translation>F1 moyen (mF1)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="59"/>
        <source>Mean IoU (mIoU)</source>
        <translation>IoU moyen (mIoU)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="65"/>
        <source>predicted quality</source>
        <translation>qualité prédite</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="66"/>
        <source>reference quality</source>
        <translation>qualité de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="67"/>
        <source>Comparing the quality maps</source>
        <translation>Comparaison des cartes de qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="91"/>
        <source>Classes absent from both maps (left out of the means): {names}.</source>
        <translation>Classes absentes des deux cartes (exclues des moyennes) : {names}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="93"/>
        <source>mF1 {mf1:.4f}, mIoU {miou:.4f} over {n} pixel(s).</source>
        <translation>mF1 {mf1:.4f}, mIoU {miou:.4f} sur {n} pixel(s).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="23"/>
        <source>Export model to ONNX</source>
        <translation>Exporter le modèle en ONNX</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="33"/>
        <source>Exports a SegAssess PyTorch checkpoint to an ONNX file for a fixed tile size, so 'Assess segmentation quality' can run it with ONNX Runtime (smaller install, no PyTorch needed at inference).</source>
        <translation>Exporte un point de contrôle PyTorch SegAssess vers un fichier ONNX pour une taille de tuile fixe, afin que « Évaluer la qualité de la segmentation » puisse l'exécuter avec ONNX Runtime (installation plus légère, PyTorch inutile à l'inférence).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="36"/>
        <source>a model file (.pkl/.pth released at {url}, or .safetensors) and the tile size the ONNX model will accept (a multiple of 16; use the tile size of later runs).</source>
        <translation>un fichier de modèle (.pkl/.pth publié sur {url}, ou .safetensors) et la taille de tuile que le modèle ONNX acceptera (un multiple de 16 ; utilisez la taille de tuile des exécutions suivantes).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="40"/>
        <source>an .onnx file (opset 17), checked against PyTorch on a random tile.</source>
        <translation>un fichier .onnx (opset 17), vérifié par rapport à PyTorch sur une tuile aléatoire.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="42"/>
        <source>The exported network predicts the same quality classes: 1 TP (red), 2 FP (green), 3 TN (blue), 4 FN (cyan).</source>
        <translation>Le réseau exporté prédit les mêmes classes de qualité : 1 TP (rouge), 2 FP (vert), 3 TN (bleu), 4 FN (cyan).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="44"/>
        <source>needs PyTorch and onnx; the ONNX model only accepts the exported tile size.</source>
        <translation>nécessite PyTorch et onnx ; le modèle ONNX n'accepte que la taille de tuile exportée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="48"/>
        <source>Model file</source>
        <translation>Fichier de modèle</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="54"/>
        <source>ONNX model</source>
        <translation>Modèle ONNX</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="54"/>
        <source>ONNX models (*.onnx)</source>
        <translation>Modèles ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="63"/>
        <source>The model file {path} does not exist.</source>
        <translation>Le fichier de modèle {path} n'existe pas.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="69"/>
        <source>Exporting {name} to ONNX ({t} px tiles)</source>
        <translation>Export de {name} en ONNX (tuiles de {t} px)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="79"/>
        <source>Wrote {path}.</source>
        <translation>{path} écrit.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/help.py" line="18"/>
        <source>a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, reprojected on the fly; 'selected features only' and the filter expression are honoured) OR a raster mask (non-zero = object).</source>
        <translation>une image géoréférencée (tout SCR lisible par GDAL ; RVB 8 bits comme à l'entraînement, les autres types sont étirés à 2-98 %), et l'annotation à évaluer : SOIT une couche de polygones (tout SCR, reprojetée à la volée ; « entités sélectionnées uniquement » et l'expression de filtre sont respectées) SOIT un masque raster (non nul = objet).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/help.py" line="23"/>
        <source>quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area (m²) and mean confidence, the annotated features with per-feature scores, missed objects, an HTML summary, and numbers for models: estimated IoU and FP/FN counts.</source>
        <translation>carte de qualité (GeoTIFF, valeurs 1-4), confiance (0-1), polygones FP et FN avec surface (m²) et confiance moyenne, entités annotées avec un score par entité, objets manqués, une synthèse HTML, et des valeurs pour les modèles : IoU estimé et nombres de FP/FN.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="44"/>
        <source>Numeric precision of the network</source>
        <translation>Précision numérique du réseau</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="45"/>
        <source>auto (fastest setting verified for the device)</source>
        <translation>auto (réglage le plus rapide vérifié pour l'appareil)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="45"/>
        <source>fp32 (official numerics)</source>
        <translation>fp32 (calcul officiel)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="46"/>
        <source>bf16 (mixed: encoder and edge branch in bf16)</source>
        <translation>bf16 (mixte : encodeur et branche de contours en bf16)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="46"/>
        <source>fp16</source>
        <translation>fp16</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="56"/>
        <source>Model file (empty: built-in demo model)</source>
        <translation>Fichier de modèle (vide : modèle de démonstration intégré)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="66"/>
        <source>No model file was given and the built-in demo model is not installed; download a released SegAssess model from {url} and choose it as 'Model file'.</source>
        <translation>Aucun fichier de modèle n'a été indiqué et le modèle de démonstration intégré n'est pas installé ; téléchargez un modèle SegAssess publié depuis {url} et choisissez-le comme « Fichier de modèle ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="71"/>
        <source>The model file {path} does not exist; choose a SegAssess model file (released at {url}).</source>
        <translation>Le fichier de modèle {path} n'existe pas ; choisissez un fichier de modèle SegAssess (publié sur {url}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/model_choice.py" line="86"/>
        <source>This run uses the built-in demo model, a tiny network trained on generated scenes only: its quality map of real imagery is not meaningful. Download a released SegAssess model ({url}) and choose it as 'Model file'.</source>
        <translation>Cette exécution utilise le modèle de démonstration intégré, un petit réseau entraîné uniquement sur des scènes générées : sa carte de qualité d'une imagerie réelle n'est pas significative. Téléchargez un modèle SegAssess publié ({url}) et choisissez-le comme « Fichier de modèle ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="50"/>
        <source>Rank candidate annotations</source>
        <translation>Classer des annotations candidates</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="54"/>
        <source>Ranks several annotations of the same image (an old survey, an update, a model's output ...) without ground truth: the network assesses all of them in one pass (each tile is encoded once for all candidates), they are ranked by estimated IoU, and for every object the version with the best estimate is kept in one 'best of' layer. With reference data the exact assessment is used and the ranking is exact.</source>
        <translation>Classe plusieurs annotations de la même image (un ancien levé, une mise à jour, la sortie d'un modèle ...) sans vérité terrain : le réseau les évalue toutes en une passe (chaque tuile est encodée une seule fois pour tous les candidats), elles sont classées par IoU estimé, et pour chaque objet la version la mieux estimée est conservée dans une couche « meilleur de ». Avec des données de référence, l'évaluation exacte est utilisée et le classement est exact.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="59"/>
        <source>features of the candidates are one object when they overlap by at least the minimum overlap of the smaller one's area; each candidate's version of an object is scored over the same zone and the best is kept, with the runner-up's estimate. An object only one candidate has is kept when its estimated IoU reaches the minimum (the network sees more of it right than wrong).</source>
        <translation>les entités des candidats forment un même objet lorsqu'elles se recouvrent d'au moins le recouvrement minimal de la surface de la plus petite ; la version de chaque candidat est évaluée sur la même zone et la meilleure est conservée, avec l'estimation de la deuxième. Un objet présent dans un seul candidat est conservé lorsque son IoU estimé atteint le minimum (le réseau en voit davantage de juste que de faux).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="59"/>
        <source>Best of</source>
        <translation>Meilleur de</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="66"/>
        <source>the best-of layer, the ranking table (rank 1 = best; estimated IoU, F1, precision, recall; FP/FN areas in m²), and in the output folder every candidate's quality map and assessment and the ranking as CSV and JSON.</source>
        <translation>la couche « meilleur de », la table de classement (rang 1 = meilleur ; IoU, F1, précision, rappel estimés ; surfaces FP/FN en m²), et dans le dossier de sortie la carte de qualité et l'évaluation de chaque candidat ainsi que le classement en CSV et JSON.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="77"/>
        <source>Candidate annotations (polygon layers or raster masks)</source>
        <translation>Annotations candidates (couches de polygones ou masques raster)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="79"/>
        <source>Filter of the vector candidates (e.g. "Niveau_2" = 'Building')</source>
        <translation>Filtre des candidats vecteur (p. ex. "Niveau_2" = 'Building')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="81"/>
        <source>Reference data (optional: an exact ranking instead of the network's)</source>
        <translation>Données de référence (facultatif : un classement exact au lieu de celui du réseau)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="90"/>
        <source>Best of the candidates</source>
        <translation>Meilleur des candidats</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="92"/>
        <source>Ranking of the candidates</source>
        <translation>Classement des candidats</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="95"/>
        <source>Folder of the candidates' quality maps and the ranking files</source>
        <translation>Dossier des cartes de qualité des candidats et des fichiers de classement</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="96"/>
        <source>The best candidate</source>
        <translation>Le meilleur candidat</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="97"/>
        <source>Estimated IoU of the best candidate</source>
        <translation>IoU estimé du meilleur candidat</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="103"/>
        <source>Minimum overlap of matched features (fraction of the smaller one)</source>
        <translation>Recouvrement minimal des entités appariées (fraction de la plus petite)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="104"/>
        <source>Minimum estimated IoU of an object only one candidate has</source>
        <translation>IoU estimé minimal d'un objet présent dans un seul candidat</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="113"/>
        <source>No candidate annotation was given: choose the layers to rank (two or more).</source>
        <translation>Aucune annotation candidate n'a été donnée : choisissez les couches à classer (deux ou plus).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="127"/>
        <source>candidate</source>
        <translation>candidat</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="159"/>
        <source>Reading the candidate annotations</source>
        <translation>Lecture des annotations candidates</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="195"/>
        <source>Ranking – {sheet}</source>
        <translation>Classement – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="198"/>
        <source>{rank}. {name}: quality</source>
        <translation>{rank}. {name} : qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/rank.py" line="204"/>
        <source>Best candidate: {name} (estimated IoU {iou}); best of: {n} feature(s) from {k} object(s).</source>
        <translation>Meilleur candidat : {name} (IoU estimé {iou}) ; meilleur de : {n} entité(s) de {k} objet(s).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="29"/>
        <source>Quality map from reference data</source>
        <translation>Carte de qualité à partir de données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="33"/>
        <source>Computes the exact pixel-level quality map (TP/FP/TN/FN) of an annotation by comparing it with reference data (ground truth). No network is needed: use it to validate a model's quality maps on reference sheets (then 'Compare with reference') or to check one inventory against a better one.</source>
        <translation>Calcule la carte de qualité exacte au niveau du pixel (TP/FP/TN/FN) d'une annotation en la comparant à des données de référence (vérité terrain). Aucun réseau n'est nécessaire : utilisez-la pour valider les cartes de qualité d'un modèle sur des feuilles de référence (puis « Comparer avec la référence ») ou pour contrôler un inventaire à l'aide d'un meilleur.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="37"/>
        <source>Reference data (TRUTH): a polygon layer (optionally filtered by the reference filter) or a raster mask; any CRS.</source>
        <translation>Données de référence (VÉRITÉ) : une couche de polygones (éventuellement filtrée par le filtre de référence) ou un masque raster ; tout SCR.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="39"/>
        <source>the image must be a file-based, north-up, georeferenced raster; annotation and reference must overlap it.</source>
        <translation>l'image doit être un raster sur fichier, orienté nord, géoréférencé ; l'annotation et la référence doivent la recouvrir.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="41"/>
        <source>No model is needed here; released SegAssess model files for 'Assess segmentation quality': {url}</source>
        <translation>Aucun modèle n'est nécessaire ici ; fichiers de modèles SegAssess publiés pour « Évaluer la qualité de la segmentation » : {url}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="47"/>
        <source>Reference data (ground truth: polygon layer or raster mask)</source>
        <translation>Données de référence (vérité terrain : couche de polygones ou masque raster)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="58"/>
        <source>The reference data (TRUTH) could not be loaded as a layer.</source>
        <translation>Les données de référence (VÉRITÉ) n'ont pas pu être chargées comme couche.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="73"/>
        <source>Reading the annotation and the reference data</source>
        <translation>Lecture de l'annotation et des données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="81"/>
        <source>SegAssess exact quality map from reference data</source>
        <translation>Carte de qualité exacte SegAssess d'après les données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="82"/>
        <source>Reference – {sheet}</source>
        <translation>Référence – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="31"/>
        <source>Suggested edits from review items</source>
        <translation>Modifications suggérées à partir des éléments à revoir</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="35"/>
        <source>Turns an assessment's review items into a corrected inventory: false-positive parts cut out, false-negative parts joined to the feature they border, missed objects added (buildings squared or simplified, water with smooth outlines), every feature's attributes kept, with the columns 'edit' (kept, reshaped, removed, added) and 'source_fid'. A second layer lists the changes with their areas.</source>
        <translation>Transforme les éléments à revoir d'une évaluation en inventaire corrigé : parties faux positifs retirées, parties faux négatifs jointes à l'entité qu'elles bordent, objets manqués ajoutés (bâtiments équarris ou simplifiés, eau aux contours lissés), attributs de chaque entité conservés, avec les colonnes 'edit' (kept, reshaped, removed, added) et 'source_fid'. Une seconde couche liste les modifications avec leurs surfaces.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="40"/>
        <source>auto applies the items at or above the minimum confidence (and those marked confirmed); reviewed applies only the items marked confirmed or fixed. An item marked false alarm is never applied.</source>
        <translation>auto applique les éléments dont la confiance atteint le minimum (et ceux marqués confirmés) ; reviewed n'applique que les éléments marqués confirmés ou corrigés. Un élément marqué fausse alerte n'est jamais appliqué.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="44"/>
        <source>The assessment is an '…_assessment.gpkg' of 'Assess segmentation quality' or a campaign's 'campaign_report.gpkg'; the inventory is the layer that was assessed (with the same filter).</source>
        <translation>L'évaluation est un '…_assessment.gpkg' de « Évaluer la qualité de la segmentation » ou le 'campaign_report.gpkg' d'une campagne ; l'inventaire est la couche qui a été évaluée (avec le même filtre).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="50"/>
        <source>Assessment or campaign report (GeoPackage with review items)</source>
        <translation>Évaluation ou rapport de campagne (GeoPackage avec éléments à revoir)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="52"/>
        <source>Inventory that was assessed</source>
        <translation>Inventaire évalué</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="54"/>
        <source>Inventory filter (SQL WHERE, e.g. "Niveau_2" = 'Building')</source>
        <translation>Filtre de l'inventaire (SQL WHERE, p. ex. "Niveau_2" = 'Building')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>auto (confidence threshold)</source>
        <translation>auto (seuil de confiance)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="56"/>
        <source>reviewed (confirmed or fixed only)</source>
        <translation>reviewed (confirmés ou corrigés seulement)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="59"/>
        <source>Minimum confidence of an item applied automatically</source>
        <translation>Confiance minimale d'un élément appliqué automatiquement</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>Objects added as</source>
        <translation>Objets ajoutés comme</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>buildings</source>
        <translation>bâtiments</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="62"/>
        <source>water bodies</source>
        <translation>plans d'eau</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="64"/>
        <source>Corrected inventory (GeoPackage: layers corrected, changes)</source>
        <translation>Inventaire corrigé (GeoPackage : couches corrected, changes)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="67"/>
        <source>Training sheets of the reviewed sheets (YAML; needs 'reviewed')</source>
        <translation>Feuilles d'entraînement des feuilles revues (YAML ; nécessite 'reviewed')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="68"/>
        <source>YAML files (*.yaml)</source>
        <translation>Fichiers YAML (*.yaml)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="69"/>
        <source>Corrected inventory</source>
        <translation>Inventaire corrigé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="70"/>
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="71"/>
        <source>Items applied</source>
        <translation>Éléments appliqués</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="71"/>
        <source>Features reshaped</source>
        <translation>Entités remodelées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="72"/>
        <source>Features removed</source>
        <translation>Entités supprimées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="72"/>
        <source>Features added</source>
        <translation>Entités ajoutées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="81"/>
        <source>The inventory layer could not be loaded.</source>
        <translation>La couche d'inventaire n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="82"/>
        <source>inventory</source>
        <translation>inventaire</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="100"/>
        <source>Applying the accepted review items</source>
        <translation>Application des éléments acceptés</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/suggest_edits.py" line="110"/>
        <source>{n} item(s) applied: {reshaped} reshaped, {removed} removed, {added} added.</source>
        <translation>{n} élément(s) appliqué(s) : {reshaped} remodelée(s), {removed} supprimée(s), {added} ajoutée(s).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="28"/>
        <source>all algorithms</source>
        <translation>tous les algorithmes</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="28"/>
        <source>Assess (the SegAssess network)</source>
        <translation>Évaluer (le réseau SegAssess)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="29"/>
        <source>ONNX Runtime engine</source>
        <translation>moteur ONNX Runtime</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="30"/>
        <source>map-sheet campaigns</source>
        <translation>campagnes par feuilles de carte</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="58"/>
        <source>exit {rc}: {err}</source>
        <translation>code de sortie {rc} : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>MISSING</source>
        <translation>MANQUANT</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="67"/>
        <source>missing (optional)</source>
        <translation>manquant (facultatif)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Package</source>
        <translation>Paquet</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="74"/>
        <source>Needed for</source>
        <translation>Nécessaire pour</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="81"/>
        <source>Python: {python}</source>
        <translation>Python : {python}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="81"/>
        <source>Dependency folder: {}</source>
        <translation>Dossier des dépendances : {}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="84"/>
        <source>Import errors:</source>
        <translation>Erreurs d'importation :</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="85"/>
        <source>Works: {}</source>
        <translation>Fonctionne : {}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="87"/>
        <source>Does not work: {}</source>
        <translation>Ne fonctionne pas : {}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="99"/>
        <source>Checking SegAssess dependencies</source>
        <translation>Vérification des dépendances de SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="110"/>
        <source>The dependency check in a separate Python ({python}) failed; a package may be broken. Details:</source>
        <translation>La vérification des dépendances dans un Python séparé ({python}) a échoué ; un paquet est peut-être défectueux. Détails :</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="122"/>
        <source>SegAssess dependencies</source>
        <translation>Dépendances de SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="124"/>
        <source>Checking the dependencies in QGIS's Python…</source>
        <translation>Vérification des dépendances dans le Python de QGIS…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="133"/>
        <source>Install / update dependencies</source>
        <translation>Installer / mettre à jour les dépendances</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/dependency_check.py" line="164"/>
        <source>Installing SegAssess dependencies</source>
        <translation>Installation des dépendances de SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="62"/>
        <source>Review panel…</source>
        <translation>Panneau de revue…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="63"/>
        <source>Check / install dependencies…</source>
        <translation>Vérifier / installer les dépendances…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="109"/>
        <source>Ground-truth-free, pixel-level quality maps (TP/FP/TN/FN) of building and water annotations.</source>
        <translation>Cartes de qualité au niveau du pixel (TP/FP/TN/FN) des annotations de bâtiments et d'eau, sans vérité terrain.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="113"/>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="133"/>
        <source>Dependencies installed. Restart QGIS to use them.</source>
        <translation>Dépendances installées. Redémarrez QGIS pour les utiliser.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="137"/>
        <source>Installing dependencies failed; see the SegAssess log.</source>
        <translation>L'installation des dépendances a échoué ; consultez le journal SegAssess.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="143"/>
        <source>Installing dependencies in the background…</source>
        <translation>Installation des dépendances en arrière-plan…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/provider.py" line="25"/>
        <source>SegAssess</source>
        <translation>SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/provider.py" line="28"/>
        <source>SegAssess: pixel-level quality maps of building and water annotations</source>
        <translation>SegAssess : cartes de qualité au niveau du pixel des annotations de bâtiments et d'eau</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="46"/>
        <source>no CRS</source>
        <translation>aucun SCR</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="47"/>
        <source>custom CRS</source>
        <translation>SCR personnalisé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="119"/>
        <source>The {role} raster layer could not be loaded.</source>
        <translation>La couche raster « {role} » n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="123"/>
        <source>The {role} layer '{name}' is not a file-based raster (provider '{provider}'); SegAssess reads rasters from files: save it first (right-click &gt; Export &gt; Save As... GeoTIFF) and use the saved file.</source>
        <translation>La couche « {role} » « {name} » n'est pas un raster sur fichier (fournisseur « {provider} ») ; SegAssess lit les rasters depuis des fichiers : enregistrez-la d'abord (clic droit &gt; Exporter &gt; Enregistrer sous... GeoTIFF) et utilisez le fichier enregistré.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="128"/>
        <source>The {role} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>La couche « {role} » « {name} » n'a pas de système de coordonnées de référence ; définissez-le dans Propriétés de la couche &gt; Source et relancez.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="150"/>
        <source>The {what} '{name}' does not overlap the image '{image}': {what} extent {ext1} (in the image CRS, from {crs1}), image extent {ext2}. Check that both layers cover the same area and that their coordinate reference systems are set correctly.</source>
        <translation>« {what} » « {name} » ne recouvre pas l'image « {image} » : emprise de « {what} » {ext1} (dans le SCR de l'image, depuis {crs1}), emprise de l'image {ext2}. Vérifiez que les deux couches couvrent la même zone et que leurs systèmes de coordonnées de référence sont correctement définis.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="168"/>
        <source>The {what} layer '{name}' has no geometries (a table, or an empty layer saved without a geometry type); choose a polygon layer.</source>
        <translation>La couche {what} « {name} » n'a pas de géométries (une table, ou une couche vide enregistrée sans type de géométrie) ; choisissez une couche de polygones.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="172"/>
        <source>The {what} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>La couche « {what} » « {name} » n'a pas de système de coordonnées de référence ; définissez-le dans Propriétés de la couche &gt; Source et relancez.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="176"/>
        <source>No feature of the {what} layer '{name}' is selected, but 'Selected features only' is checked: select the features to use, or uncheck 'Selected features only'.</source>
        <translation>Aucune entité de la couche {what} « {name} » n'est sélectionnée, mais « Entités sélectionnées uniquement » est coché : sélectionnez les entités à utiliser ou décochez « Entités sélectionnées uniquement ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="183"/>
        <source>The filter {expr} is not a valid expression ({err}); write it like "Niveau_2" = 'Building'.</source>
        <translation>Le filtre {expr} n'est pas une expression valide ({err}) ; écrivez-le par exemple "Niveau_2" = 'Building'.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="197"/>
        <source>The {what} layer '{name}' holds {kind} geometries; SegAssess needs polygons (building footprints, water bodies).</source>
        <translation>La couche « {what} » « {name} » contient des géométries de type {kind} ; SegAssess a besoin de polygones (emprises de bâtiments, plans d'eau).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="211"/>
        <source>Cannot write the temporary file {path}: {err}</source>
        <translation>Impossible d'écrire le fichier temporaire {path} : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="238"/>
        <source>Reading {what}: {n} of {total} features</source>
        <translation>Lecture de « {what} » : {n} entités sur {total}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="321"/>
        <source>GDAL could not write {path} (format {driver}).</source>
        <translation>GDAL n'a pas pu écrire {path} (format {driver}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="336"/>
        <source>No space left on device in {folder} ({free} free): free some space or choose another destination; no output was written.</source>
        <translation>Plus d'espace disponible sur le périphérique dans {folder} ({free} libres) : libérez de l'espace ou choisissez une autre destination ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="339"/>
        <source>The destination folder {folder} is on a read-only file system: choose another destination; no output was written.</source>
        <translation>Le dossier de destination {folder} est sur un système de fichiers en lecture seule : choisissez une autre destination ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="341"/>
        <source>Permission denied writing in {folder}: choose a destination folder you can write to; no output was written.</source>
        <translation>Écriture refusée dans {folder} : choisissez un dossier de destination où vous pouvez écrire ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="379"/>
        <source>Could not write a feature to the output layer: {err}</source>
        <translation>Impossible d'écrire une entité dans la couche de sortie : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>unreviewed</source>
        <translation>non revu</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>confirmed</source>
        <translation>confirmé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="35"/>
        <source>false alarm</source>
        <translation>fausse alerte</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="36"/>
        <source>fixed</source>
        <translation>corrigé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="36"/>
        <source>skipped</source>
        <translation>passé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="63"/>
        <source>SegAssess review – {name}</source>
        <translation>Revue SegAssess – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/mapview.py" line="67"/>
        <source>Review items – {name}</source>
        <translation>Éléments à revoir – {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="36"/>
        <source>false positive</source>
        <translation>faux positif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="36"/>
        <source>false negative</source>
        <translation>faux négatif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="37"/>
        <source>missed object</source>
        <translation>objet manqué</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="37"/>
        <source>weak feature</source>
        <translation>entité douteuse</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>#</source>
        <translation>n°</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>kind</source>
        <translation>type</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>sheet</source>
        <translation>feuille</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>area m²</source>
        <translation>surface m²</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>confidence</source>
        <translation>confiance</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="47"/>
        <source>status</source>
        <translation>statut</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="84"/>
        <source>SegAssess review</source>
        <translation>Revue SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="102"/>
        <source>Open…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="104"/>
        <source>No assessment open</source>
        <translation>Aucune évaluation ouverte</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="128"/>
        <source>optional: what you saw</source>
        <translation>facultatif : ce que vous avez vu</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="131"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="132"/>
        <source>Reviewer</source>
        <translation>Réviseur</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="140"/>
        <source>all kinds</source>
        <translation>tous les types</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="143"/>
        <source>all statuses</source>
        <translation>tous les statuts</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="146"/>
        <source>all sheets</source>
        <translation>toutes les feuilles</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="155"/>
        <source>◀ Previous</source>
        <translation>◀ Précédent</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="156"/>
        <source>Next ▶</source>
        <translation>Suivant ▶</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>Confirmed</source>
        <translation>Confirmé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>False alarm</source>
        <translation>Fausse alerte</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="163"/>
        <source>Fixed</source>
        <translation>Corrigé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="164"/>
        <source>Skipped</source>
        <translation>Passé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="168"/>
        <source>Mark the item '{status}' and go to the next one ({keys})</source>
        <translation>Marquer l'élément « {status} » et passer au suivant ({keys})</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="180"/>
        <source>Review: next item</source>
        <translation>Revue : élément suivant</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="180"/>
        <source>Review: previous item</source>
        <translation>Revue : élément précédent</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="181"/>
        <source>Review: mark confirmed</source>
        <translation>Revue : marquer confirmé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="181"/>
        <source>Review: mark false alarm</source>
        <translation>Revue : marquer fausse alerte</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="182"/>
        <source>Review: mark fixed</source>
        <translation>Revue : marquer corrigé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="182"/>
        <source>Review: mark skipped</source>
        <translation>Revue : marquer passé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="215"/>
        <source>Open an assessment or campaign report</source>
        <translation>Ouvrir une évaluation ou un rapport de campagne</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="216"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="265"/>
        <source>No item matches the filters.</source>
        <translation>Aucun élément ne correspond aux filtres.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="272"/>
        <source>{reviewed} of {total} reviewed</source>
        <translation>{reviewed} sur {total} revus</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="288"/>
        <source>Item {id} (priority {p}): {kind}, {area:,.1f} m²</source>
        <translation>Élément {id} (priorité {p}) : {kind}, {area:,.1f} m²</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="291"/>
        <source>confidence {c:.2f}</source>
        <translation>confiance {c:.2f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="293"/>
        <source>estimated IoU {v:.2f}</source>
        <translation>IoU estimé {v:.2f}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="295"/>
        <source>feature {fid}</source>
        <translation>entité {fid}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="297"/>
        <source>sheet {sheet}</source>
        <translation>feuille {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="299"/>
        <source> by {name}</source>
        <translation> par {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="300"/>
        <source>Status: {status}{who}.</source>
        <translation>Statut : {status}{who}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/panel.py" line="329"/>
        <source>The decision could not be written to {name}: {error}. If another program or an edit session holds the file, save or stop it and try again.</source>
        <translation>La décision n'a pas pu être écrite dans {name} : {error}. Si un autre programme ou une session d'édition tient le fichier, enregistrez ou arrêtez-la et réessayez.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/review/queue.py" line="68"/>
        <source>{name} has no review items (layer review_items): run the assessment again with this version of SegAssess.</source>
        <translation>{name} ne contient pas d'éléments à revoir (couche review_items) : relancez l'évaluation avec cette version de SegAssess.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="41"/>
        <source>No Python interpreter was found to run the campaign (QGIS's Python is {prefix}); install Python 3 or set the environment variable {var} to its path.</source>
        <translation>Aucun interpréteur Python n'a été trouvé pour lancer la campagne (le Python de QGIS est {prefix}) ; installez Python 3 ou indiquez son chemin dans la variable d'environnement {var}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="81"/>
        <source>The campaign command could not be started with {python}: {err}</source>
        <translation>La commande de campagne n'a pas pu être lancée avec {python} : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="94"/>
        <source>Cancelling: stopping the campaign (finished sheets stay recorded).</source>
        <translation>Annulation : arrêt de la campagne (les feuilles terminées restent enregistrées).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/runtime/subprocess_run.py" line="165"/>
        <source>The campaign did not stop within {s} s; killing it.</source>
        <translation>La campagne ne s'est pas arrêtée en {s} s ; elle est interrompue de force.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="44"/>
        <source>TP: annotated and correct</source>
        <translation>TP : annoté et correct</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="45"/>
        <source>FP: annotated but wrong (false positive)</source>
        <translation>FP : annoté mais faux (faux positif)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="46"/>
        <source>TN: background and correct</source>
        <translation>TN : fond et correct</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="47"/>
        <source>FN: object missed by the annotation (false negative)</source>
        <translation>FN : objet manqué par l'annotation (faux négatif)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>Annotated feature</source>
        <translation>Entité annotée</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>IoU</source>
        <translation>IoU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>false positive area</source>
        <translation>surface faux positif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="84"/>
        <source>false negative area</source>
        <translation>surface faux négatif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="85"/>
        <source>False positive region</source>
        <translation>Région faux positif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="85"/>
        <source>False negative region</source>
        <translation>Région faux négatif</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="86"/>
        <source>Missed object</source>
        <translation>Objet manqué</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="88"/>
        <source>area</source>
        <translation>surface</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="88"/>
        <source>mean confidence</source>
        <translation>confiance moyenne</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="61"/>
        <source>False positive regions</source>
        <translation>Zones de faux positifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="62"/>
        <source>False negative regions</source>
        <translation>Zones de faux négatifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="63"/>
        <source>Missed objects</source>
        <translation>Objets manqués</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="70"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/summary_html.py" line="70"/>
        <source>Output files</source>
        <translation>Fichiers de sortie</translation>
    </message>
</context>
</TS>
