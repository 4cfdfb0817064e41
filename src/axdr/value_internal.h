/* SPDX-License-Identifier: Apache-2.0 */
/* Internal: a checked, non-recursive pre-order walk of a value tree, shared
 * by the encoder (value.c) and the printers (value_print.c). */
#ifndef COSEM_VALUE_INTERNAL_H
#define COSEM_VALUE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <cosem/config.h>
#include <cosem/value.h>

#if COSEM_WITH_VALUE_TREE

/* Steps returned by cosem_value_walk_next(). */
enum {
    COSEM_VALUE_WALK_DONE = 0,  /* subtree finished, or w->err set */
    COSEM_VALUE_WALK_ENTER = 1, /* a node (primitive, or container opening) */
    COSEM_VALUE_WALK_LEAVE = 2  /* a container closing */
};

/* One open container of the walk. */
typedef struct cosem_value_frame {
    size_t idx;  /* container node */
    size_t left; /* children still to come */
} cosem_value_frame_t;

/* Walk state. level is the depth of the reported node below the root. */
typedef struct cosem_value_walk {
    const cosem_value_node_t *nodes;
    size_t i;              /* next node to visit */
    size_t end;            /* end of the root's subtree */
    unsigned sp;           /* open containers */
    unsigned compact_sp;   /* sp just inside the open compact-array, 0 if none */
    unsigned level;        /* depth of the last reported node below the root */
    unsigned root_depth;   /* depth field of the root node */
    cosem_status_t err;    /* COSEM_E_ARG for an inconsistent tree */
    cosem_value_frame_t stack[COSEM_AXDR_MAX_DEPTH];
} cosem_value_walk_t;

/* Starts a walk of the subtree at index; COSEM_E_ARG if index is not a node. */
cosem_status_t cosem_value_walk_init(cosem_value_walk_t *w, const cosem_value_node_t *nodes,
                                     size_t count, size_t index);

/* Next step; *idx is the node entered or left. Checks the tree on the way
 * (next, depth, child counts, content lengths, in_compact) and stops with
 * w->err = COSEM_E_ARG at the first inconsistency. */
int cosem_value_walk_next(cosem_value_walk_t *w, size_t *idx);

/* Content octets of a primitive: data when set, else the fixed-size
 * encoding of v written into tmp. Sets *n. */
const uint8_t *cosem_value_content(const cosem_value_node_t *node, uint8_t tmp[12], size_t *n);

#endif /* COSEM_WITH_VALUE_TREE */
#endif /* COSEM_VALUE_INTERNAL_H */
