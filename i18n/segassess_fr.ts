<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>SegAssess</name>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="55"/>
        <source>CUDA was chosen but this ONNX Runtime has no CUDA support (available: {prov}); install onnxruntime-gpu into QGIS's Python, or choose 'auto' or 'CPU'.</source>
        <translation>CUDA a été choisi mais cet ONNX Runtime ne prend pas en charge CUDA (disponible : {prov}) ; installez onnxruntime-gpu dans le Python de QGIS, ou choisissez « auto » ou « CPU ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="64"/>
        <source>the installed PyTorch {v} is a CPU-only build</source>
        <translation>le PyTorch {v} installé est une version CPU uniquement</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="66"/>
        <source>PyTorch {v} (built for CUDA {c}) finds no usable NVIDIA GPU or driver</source>
        <translation>PyTorch {v} (compilé pour CUDA {c}) ne trouve aucun GPU NVIDIA ni pilote utilisable</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="68"/>
        <source>CUDA was chosen but {why}; choose 'auto' or 'CPU', or install a CUDA build of PyTorch (Plugins &gt; SegAssess &gt; Check / install dependencies).</source>
        <translation>CUDA a été choisi mais {why} ; choisissez « auto » ou « CPU », ou installez une version CUDA de PyTorch (Extensions &gt; SegAssess &gt; Vérifier / installer les dépendances).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="78"/>
        <source>Assess segmentation quality</source>
        <translation>Évaluer la qualité de la segmentation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="85"/>
        <source>built in</source>
        <translation>intégré</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="88"/>
        <source>Predicts, without any ground truth, for every pixel whether the annotation is right or wrong: TP (annotated and correct), FP (annotated but no object), TN, FN (object not annotated). A SegAssess network looks at the image and the annotation together, tile by tile.</source>
        <translation>Prédit, sans aucune vérité terrain, pour chaque pixel si l'annotation est juste ou fausse : TP (annoté et correct), FP (annoté mais sans objet), TN, FN (objet non annoté). Un réseau SegAssess examine l'image et l'annotation ensemble, tuile par tuile.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="92"/>
        <source>Model file: SegAssess weights (.pkl/.pth released by the authors, .safetensors, or an .onnx export); the last one used is remembered. Empty: the built-in tiny demo model, if installed (for trying the tool, not for production).</source>
        <translation>Fichier de modèle : poids SegAssess (.pkl/.pth publiés par les auteurs, .safetensors ou un export .onnx) ; le dernier utilisé est mémorisé. Vide : le petit modèle de démonstration intégré, s'il est installé (pour essayer l'outil, pas pour la production).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="96"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="96"/>
        <source>download released model files from {url} (not redistributed with the plugin). Known models:</source>
        <translation>téléchargez les fichiers de modèle publiés depuis {url} (non redistribués avec l'extension). Modèles connus :</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="99"/>
        <source>use the tile size the model was trained on (listed above, a multiple of 16); overlap blends tile borders; device 'auto' uses CUDA when PyTorch finds a GPU; ONNX Runtime runs an .onnx file (see 'Export model to ONNX') or exports a checkpoint once; 'consistent classes' forbids TP/FP outside the annotation and TN/FN inside it (the released model does not enforce this).</source>
        <translation>utilisez la taille de tuile avec laquelle le modèle a été entraîné (indiquée ci-dessus, multiple de 16) ; le recouvrement fond les bords des tuiles ; le périphérique « auto » utilise CUDA quand PyTorch trouve un GPU ; ONNX Runtime exécute un fichier .onnx (voir « Exporter le modèle en ONNX ») ou exporte une fois un point de contrôle ; « classes cohérentes » interdit TP/FP hors de l'annotation et TN/FN à l'intérieur (le modèle publié ne l'impose pas).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="99"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="106"/>
        <source>the image must be a file-based, north-up, georeferenced raster; 8-bit RGB imagery of 0.3-1 m resolution matches the training data best; quality is an estimate, check the confidence raster.</source>
        <translation>l'image doit être un raster sur fichier, orienté nord, géoréférencé ; une imagerie RVB 8 bits de 0,3 à 1 m de résolution correspond le mieux aux données d'entraînement ; la qualité est une estimation, consultez le raster de confiance.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="106"/>
        <source>Limits</source>
        <translation>Limites</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="114"/>
        <source>Model file (empty: built-in demo model)</source>
        <translation>Fichier de modèle (vide : modèle de démonstration intégré)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>Device</source>
        <translation>Périphérique</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>auto</source>
        <translation>auto</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="121"/>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA (GPU NVIDIA)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="125"/>
        <source>Inference engine</source>
        <translation>Moteur d'inférence</translation>
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
        <translation>Classes cohérentes (TP/FP seulement dans l'annotation, TN/FN à l'extérieur)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="141"/>
        <source>No model file given: using the built-in demo model {path} (a tiny network for trying the tool; download a released model for real work).</source>
        <translation>Aucun fichier de modèle : utilisation du modèle de démonstration intégré {path} (un petit réseau pour essayer l'outil ; téléchargez un modèle publié pour un vrai travail).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="146"/>
        <source>No model file was given and the built-in demo model is not installed; download a released SegAssess model from {url} and choose it as 'Model file'.</source>
        <translation>Aucun fichier de modèle n'a été indiqué et le modèle de démonstration intégré n'est pas installé ; téléchargez un modèle SegAssess publié depuis {url} et choisissez-le comme « Fichier de modèle ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="150"/>
        <source>The model file {path} does not exist; choose a SegAssess model file (released at {url}).</source>
        <translation>Le fichier de modèle {path} n'existe pas ; choisissez un fichier de modèle SegAssess (publié sur {url}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="162"/>
        <source>The model is an ONNX file: using ONNX Runtime.</source>
        <translation>Le modèle est un fichier ONNX : utilisation d'ONNX Runtime.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="165"/>
        <source>ONNX Runtime with a PyTorch checkpoint: the model is exported to ONNX once and cached.</source>
        <translation>ONNX Runtime avec un point de contrôle PyTorch : le modèle est exporté une fois en ONNX et mis en cache.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="177"/>
        <source>The model {name} was trained on {t} px tiles but the tile size is {s} px; results are usually best at {t}.</source>
        <translation>Le modèle {name} a été entraîné sur des tuiles de {t} px mais la taille de tuile est {s} px ; les résultats sont généralement meilleurs à {t}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="183"/>
        <source>Reading the annotation</source>
        <translation>Lecture de l'annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="186"/>
        <source>Cancelled by the user; no output was written.</source>
        <translation>Annulé par l'utilisateur ; aucune sortie n'a été écrite.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="188"/>
        <source>Loading the model {name}</source>
        <translation>Chargement du modèle {name}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="191"/>
        <source>Model {name} on {device} ({engine}).</source>
        <translation>Modèle {name} sur {device} ({engine}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="199"/>
        <source>SegAssess quality assessment</source>
        <translation>Évaluation de la qualité SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/assess.py" line="215"/>
        <source>The SegAssess network code could not be loaded ({err}); reinstall the plugin.</source>
        <translation>Le code du réseau SegAssess n'a pas pu être chargé ({err}) ; réinstallez l'extension.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="63"/>
        <source>False positive regions (FP polygons)</source>
        <translation>Régions faux positifs (polygones FP)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="64"/>
        <source>False negative regions (FN polygons)</source>
        <translation>Régions faux négatifs (polygones FN)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="65"/>
        <source>Annotated features with quality scores</source>
        <translation>Entités annotées avec scores de qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="66"/>
        <source>Missed objects (FN regions touching no feature)</source>
        <translation>Objets manqués (régions FN ne touchant aucune entité)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="200"/>
        <source>SegAssess needs the Python package(s) {names}, which QGIS's Python ({python}) cannot import ({error}). Install them for QGIS's Python: run "{python}" "{script}" --install (or Plugins &gt; SegAssess &gt; Check / install dependencies), or "{python} -m pip install {names}" (OSGeo4W Shell on Windows), then restart QGIS.</source>
        <translation>SegAssess a besoin du ou des paquets Python {names}, que le Python de QGIS ({python}) ne peut pas importer ({error}). Installez-les pour le Python de QGIS : exécutez "{python}" "{script}" --install (ou Extensions &gt; SegAssess &gt; Vérifier / installer les dépendances), ou « {python} -m pip install {names} » (OSGeo4W Shell sous Windows), puis redémarrez QGIS.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="270"/>
        <source>Estimated IoU of the annotation</source>
        <translation>IoU estimé de l'annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="271"/>
        <source>False positive regions</source>
        <translation>Zones de faux positifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="272"/>
        <source>False negative regions</source>
        <translation>Zones de faux négatifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="273"/>
        <source>Missed objects</source>
        <translation>Objets manqués</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="289"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="291"/>
        <source>Output files</source>
        <translation>Fichiers de sortie</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="309"/>
        <source>Quality assessment</source>
        <translation>Évaluation de la qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="323"/>
        <source>Image (georeferenced raster)</source>
        <translation>Image (raster géoréférencé)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="326"/>
        <source>Bands (red, green, blue; default 1, 2, 3)</source>
        <translation>Bandes (rouge, vert, bleu ; par défaut 1, 2, 3)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="329"/>
        <source>Annotation polygons to assess (vector)</source>
        <translation>Polygones d'annotation à évaluer (vecteur)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="332"/>
        <source>Annotation mask to assess (raster, non-zero = object)</source>
        <translation>Masque d'annotation à évaluer (raster, non nul = objet)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="334"/>
        <source>Annotation filter (e.g. "Niveau_2" = 'Building')</source>
        <translation>Filtre d'annotation (p. ex. "Niveau_2" = 'Building')</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="339"/>
        <source>Tile size (pixels)</source>
        <translation>Taille de tuile (pixels)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="342"/>
        <source>Tile overlap (pixels)</source>
        <translation>Recouvrement des tuiles (pixels)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="345"/>
        <source>Batch size (tiles per step)</source>
        <translation>Taille de lot (tuiles par étape)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="352"/>
        <source>Minimum FP/FN polygon area (map units²)</source>
        <translation>Surface minimale des polygones FP/FN (unités de carte²)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="359"/>
        <source>Quality map (1 TP, 2 FP, 3 TN, 4 FN)</source>
        <translation>Carte de qualité (1 TP, 2 FP, 3 TN, 4 FN)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="361"/>
        <source>Confidence (0-1)</source>
        <translation>Confiance (0-1)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="366"/>
        <source>Summary report</source>
        <translation>Rapport de synthèse</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="366"/>
        <source>HTML files (*.html)</source>
        <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="369"/>
        <source>Number of false positive regions</source>
        <translation>Nombre de zones de faux positifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="370"/>
        <source>Number of false negative regions</source>
        <translation>Nombre de zones de faux négatifs</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="371"/>
        <source>Number of missed objects</source>
        <translation>Nombre d'objets manqués</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="379"/>
        <source>Give either an annotation layer or an annotation mask, not both: both 'ANNOTATION' and 'MASK' are set.</source>
        <translation>Donnez soit une couche d'annotation, soit un masque d'annotation, pas les deux : « ANNOTATION » et « MASK » sont tous deux renseignés.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="382"/>
        <source>No annotation was given: choose a polygon layer (ANNOTATION) or a raster mask (MASK).</source>
        <translation>Aucune annotation fournie : choisissez une couche de polygones (ANNOTATION) ou un masque raster (MASK).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="388"/>
        <source>No image was given, or it could not be loaded as a raster layer.</source>
        <translation>Aucune image n'a été indiquée, ou elle n'a pas pu être chargée comme couche raster.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="389"/>
        <source>image</source>
        <translation>image</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="396"/>
        <source>annotation</source>
        <translation>annotation</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="401"/>
        <source>Give either an annotation layer or an annotation mask, not both: both '{a}' and '{m}' are set.</source>
        <translation>Indiquez soit une couche d'annotation, soit un masque d'annotation, pas les deux : « {a} » et « {m} » sont tous deux renseignés.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="407"/>
        <source>No {what} was given: choose a polygon layer ({a}) or a raster mask ({m}).</source>
        <translation>Aucune donnée « {what} » n'a été indiquée : choisissez une couche de polygones ({a}) ou un masque raster ({m}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="414"/>
        <source>The filter applies to vector annotations only; it is ignored for the raster mask '{name}'.</source>
        <translation>Le filtre ne s'applique qu'aux annotations vecteur ; il est ignoré pour le masque raster « {name} ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="421"/>
        <source>The {what} layer could not be loaded.</source>
        <translation>La couche « {what} » n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="425"/>
        <source>Reprojecting the {what} '{name}' from {src} to the image CRS {dst}.</source>
        <translation>Reprojection de « {what} » « {name} » de {src} vers le SCR de l'image {dst}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="429"/>
        <source>{what}: {n} feature(s) from '{name}'{flt}.</source>
        <translation>{what} : {n} entité(s) de « {name} »{flt}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="430"/>
        <source> matching {expr}</source>
        <translation> correspondant à {expr}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="442"/>
        <source>The tile overlap ({o} px) must be less than half the tile size ({t} px); lower the overlap.</source>
        <translation>Le recouvrement des tuiles ({o} px) doit être inférieur à la moitié de la taille de tuile ({t} px) ; réduisez le recouvrement.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="474"/>
        <source>Writing the output layers</source>
        <translation>Écriture des couches de sortie</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="478"/>
        <source>Quality map – {sheet}</source>
        <translation>Carte de qualité – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="484"/>
        <source>Confidence – {sheet}</source>
        <translation>Confiance – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="496"/>
        <source>{what} – {sheet}</source>
        <translation>{what} – {sheet}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="503"/>
        <source>Estimated IoU {iou:.3f}; {fp} false positive and {fn} false negative region(s), {missed} missed object(s).</source>
        <translation>IoU estimé {iou:.3f} ; {fp} zone(s) de faux positifs et {fn} de faux négatifs, {missed} objet(s) manqué(s).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="507"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="522"/>
        <source>Inputs</source>
        <translation>Entrées</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="523"/>
        <source>a georeferenced image (any CRS GDAL reads; 8-bit RGB as trained, other types are stretched 2-98 %), and the annotation to assess: EITHER a polygon layer (any CRS, reprojected on the fly; 'selected features only' and the filter expression are honoured) OR a raster mask (non-zero = object).</source>
        <translation>une image géoréférencée (tout SCR lisible par GDAL ; RVB 8 bits comme à l'entraînement, les autres types sont étirés à 2-98 %), et l'annotation à évaluer : SOIT une couche de polygones (tout SCR, reprojetée à la volée ; « entités sélectionnées uniquement » et l'expression de filtre sont respectées) SOIT un masque raster (non nul = objet).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="527"/>
        <source>Outputs</source>
        <translation>Sorties</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="528"/>
        <source>quality map (GeoTIFF, values 1-4), confidence (0-1), FP and FN polygons with area (m²) and mean confidence, the annotated features with per-feature scores, missed objects, an HTML summary, and numbers for models: estimated IoU and FP/FN counts.</source>
        <translation>carte de qualité (GeoTIFF, valeurs 1-4), confiance (0-1), polygones FP et FN avec surface (m²) et confiance moyenne, entités annotées avec un score par entité, objets manqués, une synthèse HTML, et des valeurs pour les modèles : IoU estimé et nombres de FP/FN.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/base.py" line="531"/>
        <source>Quality classes</source>
        <translation>Classes de qualité</translation>
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
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="66"/>
        <source>predicted quality</source>
        <translation>qualité prédite</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="67"/>
        <source>reference quality</source>
        <translation>qualité de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="68"/>
        <source>Comparing the quality maps</source>
        <translation>Comparaison des cartes de qualité</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="98"/>
        <source>Classes absent from both maps (left out of the means): {names}.</source>
        <translation>Classes absentes des deux cartes (exclues des moyennes) : {names}.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/evaluate.py" line="100"/>
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
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="62"/>
        <source>The model file {path} does not exist.</source>
        <translation>Le fichier de modèle {path} n'existe pas.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="68"/>
        <source>Exporting {name} to ONNX ({t} px tiles)</source>
        <translation>Export de {name} en ONNX (tuiles de {t} px)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="73"/>
        <source>The ONNX export code could not be loaded ({err}).</source>
        <translation>Le code d'export ONNX n'a pas pu être chargé ({err}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/export_onnx.py" line="89"/>
        <source>Wrote {path}.</source>
        <translation>{path} écrit.</translation>
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
        <location filename="../segassess_qgis/algorithms/reference.py" line="49"/>
        <source>Reference filter (vector reference only)</source>
        <translation>Filtre de référence (référence vecteur uniquement)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="59"/>
        <source>reference data</source>
        <translation>données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="61"/>
        <source>The reference data (TRUTH) could not be loaded as a layer.</source>
        <translation>Les données de référence (VÉRITÉ) n'ont pas pu être chargées comme couche.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="69"/>
        <source>The reference data '{name}' is neither a vector nor a raster layer.</source>
        <translation>Les données de référence « {name} » ne sont ni une couche vecteur ni une couche raster.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="73"/>
        <source>The reference layer '{name}' could not be read.</source>
        <translation>La couche de référence « {name} » n'a pas pu être lue.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="80"/>
        <source>{what}: {n} feature(s) from '{name}'.</source>
        <translation>{what} : {n} entité(s) de « {name} ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="92"/>
        <source>Reading the annotation and the reference data</source>
        <translation>Lecture de l'annotation et des données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/algorithms/reference.py" line="101"/>
        <source>SegAssess quality map from reference data</source>
        <translation>Carte de qualité SegAssess à partir de données de référence</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="85"/>
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
        <location filename="../segassess_qgis/plugin.py" line="123"/>
        <source>Dependency folder: {}</source>
        <translation>Dossier des dépendances : {}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="147"/>
        <source>The dependency check in a separate Python ({python}) failed; a package may be broken. Details:</source>
        <translation>La vérification des dépendances dans un Python séparé ({python}) a échoué ; un paquet est peut-être défectueux. Détails :</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="153"/>
        <source>SegAssess dependencies</source>
        <translation>Dépendances de SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="160"/>
        <source>Install / update dependencies</source>
        <translation>Installer / mettre à jour les dépendances</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="178"/>
        <source>Dependencies installed. Restart QGIS to use them.</source>
        <translation>Dépendances installées. Redémarrez QGIS pour les utiliser.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="182"/>
        <source>Installing dependencies failed; see the SegAssess log.</source>
        <translation>L'installation des dépendances a échoué ; consultez le journal SegAssess.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="185"/>
        <source>Installing SegAssess dependencies</source>
        <translation>Installation des dépendances de SegAssess</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/plugin.py" line="188"/>
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
        <location filename="../segassess_qgis/qgis_io.py" line="51"/>
        <source>no CRS</source>
        <translation>aucun SCR</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="52"/>
        <source>custom CRS</source>
        <translation>SCR personnalisé</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="103"/>
        <source>The {role} raster layer could not be loaded.</source>
        <translation>La couche raster « {role} » n'a pas pu être chargée.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="107"/>
        <source>The {role} layer '{name}' is not a file-based raster (provider '{provider}'); SegAssess reads rasters from files: save it first (right-click &gt; Export &gt; Save As... GeoTIFF) and use the saved file.</source>
        <translation>La couche « {role} » « {name} » n'est pas un raster sur fichier (fournisseur « {provider} ») ; SegAssess lit les rasters depuis des fichiers : enregistrez-la d'abord (clic droit &gt; Exporter &gt; Enregistrer sous... GeoTIFF) et utilisez le fichier enregistré.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="112"/>
        <source>The {role} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>La couche « {role} » « {name} » n'a pas de système de coordonnées de référence ; définissez-le dans Propriétés de la couche &gt; Source et relancez.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="134"/>
        <source>The {what} '{name}' does not overlap the image '{image}': {what} extent {ext1} (in the image CRS, from {crs1}), image extent {ext2}. Check that both layers cover the same area and that their coordinate reference systems are set correctly.</source>
        <translation>« {what} » « {name} » ne recouvre pas l'image « {image} » : emprise de « {what} » {ext1} (dans le SCR de l'image, depuis {crs1}), emprise de l'image {ext2}. Vérifiez que les deux couches couvrent la même zone et que leurs systèmes de coordonnées de référence sont correctement définis.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="160"/>
        <source>The {what} layer '{name}' has no coordinate reference system; set it in Layer Properties &gt; Source and run again.</source>
        <translation>La couche « {what} » « {name} » n'a pas de système de coordonnées de référence ; définissez-le dans Propriétés de la couche &gt; Source et relancez.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="164"/>
        <source>No feature of the {what} layer '{name}' is selected, but 'Selected features only' is checked: select the features to use, or uncheck 'Selected features only'.</source>
        <translation>Aucune entité de la couche {what} « {name} » n'est sélectionnée, mais « Entités sélectionnées uniquement » est coché : sélectionnez les entités à utiliser ou décochez « Entités sélectionnées uniquement ».</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="171"/>
        <source>The filter {expr} is not a valid expression ({err}); write it like "Niveau_2" = 'Building'.</source>
        <translation>Le filtre {expr} n'est pas une expression valide ({err}) ; écrivez-le par exemple "Niveau_2" = 'Building'.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="189"/>
        <source>The {what} layer '{name}' holds {kind} geometries; SegAssess needs polygons (building footprints, water bodies).</source>
        <translation>La couche « {what} » « {name} » contient des géométries de type {kind} ; SegAssess a besoin de polygones (emprises de bâtiments, plans d'eau).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="201"/>
        <source>Cannot write the temporary file {path}: {err}</source>
        <translation>Impossible d'écrire le fichier temporaire {path} : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="226"/>
        <source>Reading {what}: {n} of {total} features</source>
        <translation>Lecture de « {what} » : {n} entités sur {total}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="234"/>
        <source>The filter {expr} selected no feature of the {what} layer '{name}'; check the field name and value (e.g. "Niveau_2" = 'Building').</source>
        <translation>Le filtre {expr} n'a sélectionné aucune entité de la couche « {what} » « {name} » ; vérifiez le nom du champ et la valeur (p. ex. "Niveau_2" = 'Building').</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="238"/>
        <source>The {what} layer '{name}' has no features: every pixel counts as background.</source>
        <translation>La couche « {what} » « {name} » n'a aucune entité : chaque pixel compte comme fond.</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="275"/>
        <source>GDAL could not write {path} (format {driver}).</source>
        <translation>GDAL n'a pas pu écrire {path} (format {driver}).</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/qgis_io.py" line="322"/>
        <source>Could not write a feature to the output layer: {err}</source>
        <translation>Impossible d'écrire une entité dans la couche de sortie : {err}</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="37"/>
        <source>TP: annotated and correct</source>
        <translation>TP : annoté et correct</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="38"/>
        <source>FP: annotated but wrong (false positive)</source>
        <translation>FP : annoté mais faux (faux positif)</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="39"/>
        <source>TN: background and correct</source>
        <translation>TN : fond et correct</translation>
    </message>
    <message>
        <location filename="../segassess_qgis/styling.py" line="40"/>
        <source>FN: object missed by the annotation (false negative)</source>
        <translation>FN : objet manqué par l'annotation (faux négatif)</translation>
    </message>
</context>
</TS>
