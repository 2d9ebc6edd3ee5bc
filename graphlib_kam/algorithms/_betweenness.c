/*
 * networkx.betweenness_centrality_subset (directed, weighted, not normalized, every node a
 * source) over compressed rows, operation for operation as networkx runs it, so that the
 * result is the same bit for bit:
 *
 * - Dijkstra from each source in node order, the heap ordered by (distance, push count)
 *   as networkx's heapq of (distance, count, predecessor, node) is; an edge v->w either
 *   lowers w's tentative distance (w's path count reset, its predecessors = [v]) or ties
 *   it exactly (v's count added, v appended), as in _single_source_dijkstra_path_basic;
 *   a node's count takes its popping predecessor's count when it is settled;
 * - dependencies accumulated in reverse settling order, each predecessor list in the
 *   order it was built, as in _accumulate_subset.
 *
 * The floating-point operations are networkx's own, in its order; the build turns off
 * contraction into fused multiply-adds (setup.py) so each is rounded as Python rounds it.
 *
 * betweenness_subset(indptr, indices, cost, is_target, out): indptr (int64, n + 1),
 * indices (int64, m) and cost (float64, m) are the rows of the graph, each row's
 * neighbours in networkx's order; is_target (uint8, n); out (float64, n, written).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double dist;
    int64_t count;
    int64_t pred;
    int64_t node;
} entry;

static int before(const entry *a, const entry *b) {
    return a->dist < b->dist || (a->dist == b->dist && a->count < b->count);
}

static void push(entry *heap, int64_t *size, entry item) {
    int64_t i = (*size)++;
    while (i > 0) {
        int64_t parent = (i - 1) / 2;
        if (!before(&item, &heap[parent])) break;
        heap[i] = heap[parent];
        i = parent;
    }
    heap[i] = item;
}

static entry pop(entry *heap, int64_t *size) {
    entry top = heap[0];
    entry last = heap[--(*size)];
    int64_t i = 0, n = *size;
    for (;;) {
        int64_t child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && before(&heap[child + 1], &heap[child])) child++;
        if (!before(&heap[child], &last)) break;
        heap[i] = heap[child];
        i = child;
    }
    if (n > 0) heap[i] = last;
    return top;
}

static int run(int64_t n, const int64_t *indptr, const int64_t *indices, const double *cost,
               const uint8_t *is_target, double *out) {
    int64_t m = indptr[n];
    double *seen = malloc(sizeof(double) * (size_t)(n ? n : 1));
    char *has_seen = malloc((size_t)(n ? n : 1));
    char *settled = malloc((size_t)(n ? n : 1));
    double *sigma = malloc(sizeof(double) * (size_t)(n ? n : 1));
    double *delta = malloc(sizeof(double) * (size_t)(n ? n : 1));
    int64_t *order = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    int64_t *head = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    int64_t *tail = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));
    /* predecessor lists: linked cells, at most one per relaxation */
    int64_t *cell_node = malloc(sizeof(int64_t) * (size_t)(m + 1));
    int64_t *cell_next = malloc(sizeof(int64_t) * (size_t)(m + 1));
    entry *heap = malloc(sizeof(entry) * (size_t)(m + 1));
    int ok = seen && has_seen && settled && sigma && delta && order && head && tail
             && cell_node && cell_next && heap;
    if (ok) {
        memset(out, 0, sizeof(double) * (size_t)n);
        for (int64_t s = 0; s < n; s++) {
            int64_t size = 0, settled_count = 0, cells = 0, pushes = 0;
            memset(has_seen, 0, (size_t)n);
            memset(settled, 0, (size_t)n);
            for (int64_t i = 0; i < n; i++) {
                sigma[i] = 0.0;
                head[i] = tail[i] = -1;
            }
            sigma[s] = 1.0;
            seen[s] = 0.0;
            has_seen[s] = 1;
            entry first = {0.0, pushes++, s, s};
            push(heap, &size, first);
            while (size > 0) {
                entry e = pop(heap, &size);
                int64_t v = e.node;
                if (settled[v]) continue;
                sigma[v] += sigma[e.pred];
                order[settled_count++] = v;
                settled[v] = 1;
                for (int64_t k = indptr[v]; k < indptr[v + 1]; k++) {
                    int64_t w = indices[k];
                    double vw = e.dist + cost[k];
                    if (!settled[w] && (!has_seen[w] || vw < seen[w])) {
                        seen[w] = vw;
                        has_seen[w] = 1;
                        entry next = {vw, pushes++, v, w};
                        push(heap, &size, next);
                        sigma[w] = 0.0;
                        cell_node[cells] = v;
                        cell_next[cells] = -1;
                        head[w] = tail[w] = cells++;
                    } else if (vw == seen[w]) {
                        sigma[w] += sigma[v];
                        cell_node[cells] = v;
                        cell_next[cells] = -1;
                        if (tail[w] >= 0) cell_next[tail[w]] = cells;
                        else head[w] = cells;
                        tail[w] = cells++;
                    }
                }
            }
            for (int64_t i = 0; i < settled_count; i++) delta[order[i]] = 0.0;
            for (int64_t i = settled_count - 1; i >= 0; i--) {
                int64_t w = order[i];
                double coeff = (is_target[w] && w != s) ? (delta[w] + 1.0) / sigma[w]
                                                        : delta[w] / sigma[w];
                for (int64_t c = head[w]; c >= 0; c = cell_next[c]) {
                    int64_t v = cell_node[c];
                    double part = sigma[v] * coeff;
                    delta[v] += part;
                }
                if (w != s) out[w] += delta[w];
            }
        }
    }
    free(seen); free(has_seen); free(settled); free(sigma); free(delta); free(order);
    free(head); free(tail); free(cell_node); free(cell_next); free(heap);
    return ok;
}

static PyObject *betweenness_subset(PyObject *self, PyObject *args) {
    Py_buffer indptr, indices, cost, is_target, out;
    if (!PyArg_ParseTuple(args, "y*y*y*y*w*", &indptr, &indices, &cost, &is_target, &out))
        return NULL;
    PyObject *result = NULL;
    int64_t n = (int64_t)(out.len / (Py_ssize_t)sizeof(double));
    int64_t m = (int64_t)(indices.len / (Py_ssize_t)sizeof(int64_t));
    if (indptr.len != (Py_ssize_t)sizeof(int64_t) * (n + 1) || is_target.len != n
        || cost.len != (Py_ssize_t)sizeof(double) * m) {
        PyErr_SetString(PyExc_ValueError, "betweenness_subset: array sizes do not match");
        goto done;
    }
    const int64_t *ip = indptr.buf, *ix = indices.buf;
    if (ip[0] != 0 || ip[n] != m) {
        PyErr_SetString(PyExc_ValueError, "betweenness_subset: indptr does not match indices");
        goto done;
    }
    for (int64_t i = 0; i < n; i++) {
        if (ip[i] > ip[i + 1]) {
            PyErr_SetString(PyExc_ValueError, "betweenness_subset: indptr is not sorted");
            goto done;
        }
    }
    for (int64_t k = 0; k < m; k++) {
        if (ix[k] < 0 || ix[k] >= n) {
            PyErr_SetString(PyExc_ValueError, "betweenness_subset: a node index is out of range");
            goto done;
        }
    }
    int ok;
    Py_BEGIN_ALLOW_THREADS
    ok = run(n, ip, ix, cost.buf, is_target.buf, out.buf);
    Py_END_ALLOW_THREADS
    if (!ok) {
        PyErr_NoMemory();
        goto done;
    }
    result = Py_None;
    Py_INCREF(result);
done:
    PyBuffer_Release(&indptr);
    PyBuffer_Release(&indices);
    PyBuffer_Release(&cost);
    PyBuffer_Release(&is_target);
    PyBuffer_Release(&out);
    return result;
}

static PyMethodDef methods[] = {
    {"betweenness_subset", betweenness_subset, METH_VARARGS,
     "betweenness_subset(indptr, indices, cost, is_target, out): networkx's "
     "betweenness_centrality_subset (weighted, directed, not normalized, every node a "
     "source) into out."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_betweenness",
    "The compiled betweenness kernel of graphlib_kam.algorithms.arrays.", -1, methods,
};

PyMODINIT_FUNC PyInit__betweenness(void) { return PyModule_Create(&module); }
