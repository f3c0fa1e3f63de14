/*
** context.c — the native context switch under coroutines: saves the callee-saved registers
** on the current stack, stores the stack pointer, and continues on another stack where
** the same was done (or which lrt_ctx_init prepared). Unlike swapcontext it makes no system
** call (the signal mask is not switched) and it is what AddressSanitizer's fiber
** annotations expect. One short routine per architecture, as in most coroutine libraries.
*/
#include "flua.h"

#if defined(__APPLE__)
#define SYM(name) "_" #name
#define FNTYPE(name) ""
#define FNSIZE(name) ""
#else
#define SYM(name) #name
#define FNTYPE(name) ".type " #name ", @function\n"
#define FNSIZE(name) ".size " #name ", .-" #name "\n"
#endif

#if defined(__x86_64__) && !defined(_WIN32)

/* System V: rbx, rbp, r12-r15 are callee-saved (no vector registers are). */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl " SYM(lrt_ctx_switch) "\n" FNTYPE(lrt_ctx_switch) SYM(lrt_ctx_switch) ":\n"
        "  pushq %rbp\n"
        "  pushq %rbx\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  movq %rsp, (%rdi)\n"
        "  movq %rsi, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbx\n"
        "  popq %rbp\n"
        "  ret\n" FNSIZE(lrt_ctx_switch));

#define NSAVED 6 /* words popped before the return address */

#elif defined(__aarch64__)

/* AAPCS64: x19-x29, the link register x30 and d8-d15 are callee-saved. */
__asm__(".text\n"
        ".p2align 4\n"
        ".globl " SYM(lrt_ctx_switch) "\n" FNTYPE(lrt_ctx_switch) SYM(lrt_ctx_switch) ":\n"
        "  sub sp, sp, #160\n"
        "  stp x19, x20, [sp, #0]\n"
        "  stp x21, x22, [sp, #16]\n"
        "  stp x23, x24, [sp, #32]\n"
        "  stp x25, x26, [sp, #48]\n"
        "  stp x27, x28, [sp, #64]\n"
        "  stp x29, x30, [sp, #80]\n"
        "  stp d8, d9, [sp, #96]\n"
        "  stp d10, d11, [sp, #112]\n"
        "  stp d12, d13, [sp, #128]\n"
        "  stp d14, d15, [sp, #144]\n"
        "  mov x9, sp\n"
        "  str x9, [x0]\n"
        "  mov sp, x1\n"
        "  ldp x19, x20, [sp, #0]\n"
        "  ldp x21, x22, [sp, #16]\n"
        "  ldp x23, x24, [sp, #32]\n"
        "  ldp x25, x26, [sp, #48]\n"
        "  ldp x27, x28, [sp, #64]\n"
        "  ldp x29, x30, [sp, #80]\n"
        "  ldp d8, d9, [sp, #96]\n"
        "  ldp d10, d11, [sp, #112]\n"
        "  ldp d12, d13, [sp, #128]\n"
        "  ldp d14, d15, [sp, #144]\n"
        "  add sp, sp, #160\n"
        "  ret\n" FNSIZE(lrt_ctx_switch));

#else
#error "flua's runtime has no coroutine context switch for this architecture (rt/src/context.c)"
#endif

/* Prepares a fresh stack whose top is `top` so that switching to the returned stack
** pointer calls entry(), which must never return. */
void *lrt_ctx_init(char *top, void (*entry)(void)) {
  uintptr_t *sp = (uintptr_t *)((uintptr_t)top & ~(uintptr_t)15);
#if defined(__x86_64__)
  *--sp = 0;                 /* entry finds the stack as after a call: rsp = 8 mod 16 */
  *--sp = (uintptr_t)entry;  /* the return address `ret` takes */
  for (int i = 0; i < NSAVED; i++) *--sp = 0;
#else
  sp -= 20;                  /* the 160-byte save area, zeroed: frame pointer 0 ends backtraces */
  for (int i = 0; i < 20; i++) sp[i] = 0;
  sp[11] = (uintptr_t)entry; /* x30, the link register `ret` jumps to */
#endif
  return sp;
}
