# Independent re-implementation of imbalanced-learn's SMOTEN neighbour step with NumPy/SciPy
# (OrdinalEncoder -> ValueDifferenceMetric(k=1, r=2) -> NearestNeighbors(precomputed) with
# argpartition), applied to the sampled query rows only (kneighbors of a row depends only on
# its row of the class distance matrix).
import json, sys, numpy as np
from scipy.spatial import distance_matrix
rows = []
for f in ['frappe.validation.libfm', 'frappe.test.libfm']:
    for line in open('../shared/data/frappe/' + f):
        t = line.split()
        rows.append([1 if t[0] == '1' else 0] + [int(x.split(':')[0]) for x in t[1:]])
A = np.array(rows)
train = A[np.arange(len(A)) % 10 < 7]
y = train[:, 0]; X = train[:, 1:]
enc = np.stack([np.unique(X[:, f], return_inverse=True)[1] for f in range(10)], axis=1)
nclass = 2
proba = []
for f in range(10):
    k = enc[:, f].max() + 1
    counts = np.stack([np.bincount(enc[y == c, f], minlength=k) for c in range(nclass)], axis=1).astype(float)
    with np.errstate(invalid='ignore', divide='ignore'):
        p = counts / counts.sum(axis=1, keepdims=True)
    proba.append(np.nan_to_num(p))
ts = json.load(open(sys.argv[1]))
for cls in ['1', '0']:
    idx = np.flatnonzero(y == int(cls))
    Xc = enc[idx]
    pos = {r: i for i, r in enumerate(idx)}
    same_d = same_set = untied = 0
    for q in ts[cls]:
        qi = pos[q['row']]
        d = np.zeros(len(idx))
        for f in range(10):
            d += distance_matrix(proba[f][Xc[qi:qi+1, f]], proba[f][Xc[:, f]], p=1)[0] ** 2
        part = np.argpartition(d, 2)[:3]
        ref = part[np.argsort(d[part], kind='stable')]
        ref_d = np.sort(d[ref])
        if np.allclose(ref_d, q['dist'], rtol=0, atol=1e-12): same_d += 1
        srt = np.sort(d)
        if srt[3] - srt[2] > 1e-9:
            untied += 1
            if set(idx[ref]) == set(q['nbrs']): same_set += 1
    print(f'class {cls}: {len(ts[cls])} queries, distance multisets equal {same_d}, k-th untied {untied}, sets equal where untied {same_set}')
