;; wixi's GEMM micro-kernels in WebAssembly SIMD128 (hand-written; compiled by `npm run build:wasm`
;; with the `wabt` npm package into gemm-wasm.ts, whose bytes a test recompiles from this file).
;;
;; The driver in kernel.ts packs the operands as in BLIS (Van Zee & van de Geijn 2015) straight into
;; this module's memory: A as panels of MR rows interleaved along k (for each k the MR values of
;; rows i..i+MR−1), B as panels of NR columns interleaved along k, both zero-padded to whole panels.
;; A macro-kernel (`gemm_f64`, `gemm_f32`) then walks one packed block: for each B panel (which stays
;; in L1) it runs the micro-kernel over every A panel (streamed from L2), adding the MR×NR tile
;; C[i..i+MR−1, j..j+NR−1] += Σ_k A[i.., k]·B[k, j..] into C (or storing it, `$store`; row-major,
;; ldc bytes per row).
;;
;; float64: MR×NR = 4×4, eight f64x2 accumulators (row r of the tile, columns 0–1 and 2–3), two
;; f64x2 of B, one splat of A and the product: 12 vector registers. float32: MR×NR = 4×8, eight
;; f32x4 accumulators, the same register budget with twice the lanes. Measured on this project's
;; x86-64 machine (V8 11, Node 20), larger tiles were slower, not faster: 6×4 float64 (twelve
;; accumulators plus four temporaries) exceeds the registers V8 allocates and spills in the inner
;; loop (≈ 14 vs ≈ 20 GFLOP/s), and unrolling k ×2 did not help either.
;;
;; Order of operations (what makes results bitwise equal to the TypeScript kernel): every C element
;; has its own lane, which starts at +0 and adds a·b (a multiply, then an add: no fused multiply-add,
;; which WebAssembly SIMD128 does not have) for k = 0, 1, …, kc−1 in order; the lane is then added
;; once to C. The TypeScript 4×4 kernel does exactly this per element, so only the tile shape
;; differs, which no element can see. For C = A·B the first k-block stores its lanes into C instead
;; (`$store`), so C needs no zeroing first: the same bits as +0 + lane, because a lane is never −0
;; (it starts at +0, and in round-to-nearest x + y is −0 only when x and y are both −0). A NaN lane
;; is stored as it is; +0 + NaN returns that NaN unchanged on x86-64 (addpd) and ARM (fadd), though
;; WebAssembly leaves NaN bits nondeterministic, so the claim is bitwise up to NaN payloads.
;;
;; Byte offsets and sizes are i32; the driver guarantees kc ≥ 1, mc, nc ≥ 1 and that every panel,
;; the C block and the scratch tile (MR·NR elements, 128 bytes) lie inside memory; $store is 0 or 1.
(module
  (memory (export "memory") 1)

  ;; One 4×4 float64 tile: C[c + r·ldc + 8j] += Σ_k A[pa + 32k + 8r]·B[pb + 32k + 8j], r < 4, j < 4
  ;; (= instead of += when $store is 1).
  (func $tile_f64 (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
    (param $store i32)
    (local $end i32) (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load64_splat (local.get $pa)))
      (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=8 (local.get $pa)))
      (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=16 (local.get $pa)))
      (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load64_splat offset=24 (local.get $pa)))
      (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 32)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pb) (local.get $end))))
    ;; $store: the first k-block of C = A·B writes the lanes (C was not zeroed: +0 + lane is the lane,
    ;; as no lane is ever −0), later blocks and C += A·B add them
    (if (local.get $store)
      (then
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31)))
      (else
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c00)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c10)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c20)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f64x2.add (v128.load (local.get $c)) (local.get $c30)))
        (v128.store offset=16 (local.get $c) (f64x2.add (v128.load offset=16 (local.get $c)) (local.get $c31))))))

  ;; One 4×8 float32 tile: C[c + r·ldc + 4j] += Σ_k A[pa + 16k + 4r]·B[pb + 32k + 4j], r < 4, j < 8,
  ;; every product and every sum rounded to float32 (= instead of += when $store is 1).
  (func $tile_f32 (param $kc i32) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
    (param $store i32)
    (local $end i32) (local $a v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $end (i32.add (local.get $pb) (i32.shl (local.get $kc) (i32.const 5))))
    (loop $k
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=8 (local.get $pa)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=12 (local.get $pa)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 16)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $k (i32.lt_u (local.get $pb) (local.get $end))))
    ;; $store: the first k-block of C = A·B writes the lanes (C was not zeroed: +0 + lane is the lane,
    ;; as no lane is ever −0), later blocks and C += A·B add them
    (if (local.get $store)
      (then
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c10))
        (v128.store offset=16 (local.get $c) (local.get $c11))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c20))
        (v128.store offset=16 (local.get $c) (local.get $c21))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (local.get $c30))
        (v128.store offset=16 (local.get $c) (local.get $c31)))
      (else
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c00)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c01)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c10)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c11)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c20)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c21)))
        (local.set $c (i32.add (local.get $c) (local.get $ldc)))
        (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (local.get $c30)))
        (v128.store offset=16 (local.get $c) (f32x4.add (v128.load offset=16 (local.get $c)) (local.get $c31))))))

  ;; One packed float64 block: C (mc×nc at byte offset $c, $ldc bytes per row) += Apack·Bpack, or
  ;; C = Apack·Bpack when $store is 1 (C's old contents unused), with ⌈mc/4⌉ A panels at $pa (4·kc
  ;; values each) and ⌈nc/4⌉ B panels at $pb (4·kc values each). Edge tiles are computed whole into
  ;; the scratch tile at $s (stored, so it needs no zeroing; the padding is zero) and their valid
  ;; part added to C (or stored), as the TypeScript kernel does.
  (func (export "gemm_f64")
    (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32)
    (param $c i32) (param $ldc i32) (param $s i32) (param $store i32)
    (local $jr i32) (local $ir i32) (local $rows i32) (local $cols i32)
    (local $bp i32) (local $ct i32) (local $r i32) (local $j i32) (local $src i32) (local $dst i32)
    (loop $jloop
      (local.set $cols (select (i32.const 4) (i32.sub (local.get $nc) (local.get $jr))
        (i32.ge_s (i32.sub (local.get $nc) (local.get $jr)) (i32.const 4))))
      ;; panel jr/4 starts at jr·kc·8 bytes
      (local.set $bp (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 3))))
      (local.set $ir (i32.const 0))
      (loop $iloop
        (local.set $rows (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
          (i32.ge_s (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4))))
        (local.set $ct (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.shl (local.get $jr) (i32.const 3)))))
        (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 4)))
          (then
            (call $tile_f64 (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 3)))
              (local.get $bp) (local.get $ct) (local.get $ldc) (local.get $store)))
          (else
            (call $tile_f64 (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 3)))
              (local.get $bp) (local.get $s) (i32.const 32) (i32.const 1))
            (local.set $r (i32.const 0))
            (loop $rloop
              (local.set $j (i32.const 0))
              (loop $cloop
                (local.set $dst (i32.add (i32.add (local.get $ct) (i32.mul (local.get $r) (local.get $ldc)))
                  (i32.shl (local.get $j) (i32.const 3))))
                (local.set $src (i32.add (local.get $s)
                  (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 2)) (local.get $j)) (i32.const 3))))
                (f64.store (local.get $dst) (select (f64.load (local.get $src))
                  (f64.add (f64.load (local.get $dst)) (f64.load (local.get $src))) (local.get $store)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $cloop (i32.lt_s (local.get $j) (local.get $cols))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rloop (i32.lt_s (local.get $r) (local.get $rows))))))
        (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
        (br_if $iloop (i32.lt_s (local.get $ir) (local.get $mc))))
      (local.set $jr (i32.add (local.get $jr) (i32.const 4)))
      (br_if $jloop (i32.lt_s (local.get $jr) (local.get $nc)))))

  ;; One packed float32 block, as gemm_f64 with 4×8 tiles of float32: ⌈mc/4⌉ A panels (4·kc values)
  ;; at $pa, ⌈nc/8⌉ B panels (8·kc values) at $pb.
  (func (export "gemm_f32")
    (param $mc i32) (param $nc i32) (param $kc i32) (param $pa i32) (param $pb i32)
    (param $c i32) (param $ldc i32) (param $s i32) (param $store i32)
    (local $jr i32) (local $ir i32) (local $rows i32) (local $cols i32)
    (local $bp i32) (local $ct i32) (local $r i32) (local $j i32) (local $src i32) (local $dst i32)
    (loop $jloop
      (local.set $cols (select (i32.const 8) (i32.sub (local.get $nc) (local.get $jr))
        (i32.ge_s (i32.sub (local.get $nc) (local.get $jr)) (i32.const 8))))
      ;; panel jr/8 starts at jr·kc·4 bytes
      (local.set $bp (i32.add (local.get $pb) (i32.shl (i32.mul (local.get $jr) (local.get $kc)) (i32.const 2))))
      (local.set $ir (i32.const 0))
      (loop $iloop
        (local.set $rows (select (i32.const 4) (i32.sub (local.get $mc) (local.get $ir))
          (i32.ge_s (i32.sub (local.get $mc) (local.get $ir)) (i32.const 4))))
        (local.set $ct (i32.add (local.get $c)
          (i32.add (i32.mul (local.get $ir) (local.get $ldc)) (i32.shl (local.get $jr) (i32.const 2)))))
        (if (i32.and (i32.eq (local.get $rows) (i32.const 4)) (i32.eq (local.get $cols) (i32.const 8)))
          (then
            (call $tile_f32 (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
              (local.get $bp) (local.get $ct) (local.get $ldc) (local.get $store)))
          (else
            (call $tile_f32 (local.get $kc)
              (i32.add (local.get $pa) (i32.shl (i32.mul (local.get $ir) (local.get $kc)) (i32.const 2)))
              (local.get $bp) (local.get $s) (i32.const 32) (i32.const 1))
            (local.set $r (i32.const 0))
            (loop $rloop
              (local.set $j (i32.const 0))
              (loop $cloop
                (local.set $dst (i32.add (i32.add (local.get $ct) (i32.mul (local.get $r) (local.get $ldc)))
                  (i32.shl (local.get $j) (i32.const 2))))
                (local.set $src (i32.add (local.get $s)
                  (i32.shl (i32.add (i32.shl (local.get $r) (i32.const 3)) (local.get $j)) (i32.const 2))))
                (f32.store (local.get $dst) (select (f32.load (local.get $src))
                  (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))) (local.get $store)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br_if $cloop (i32.lt_s (local.get $j) (local.get $cols))))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $rloop (i32.lt_s (local.get $r) (local.get $rows))))))
        (local.set $ir (i32.add (local.get $ir) (i32.const 4)))
        (br_if $iloop (i32.lt_s (local.get $ir) (local.get $mc))))
      (local.set $jr (i32.add (local.get $jr) (i32.const 8)))
      (br_if $jloop (i32.lt_s (local.get $jr) (local.get $nc)))))

  ;; The dense layer's epilogue on a float64 C block (rows × n, row-major from byte offset $c): add
  ;; the bias (n float64 at $bias; $bias = 0: no bias) to every row, C[i, j] += bias[j] (the add the
  ;; TypeScript path does after its GEMM, the same rounding), and return 1 if every element of C is
  ;; then finite, else 0. Finiteness: v·0 is ±0 for finite v and NaN for ±∞ and NaN, so the lane
  ;; sums of v·0 are zero exactly when all of C is finite.
  (func (export "bias_finite_f64") (param $c i32) (param $rows i32) (param $n i32) (param $bias i32)
    (result i32)
    (local $row i32) (local $end i32) (local $p i32) (local $q i32) (local $pairs i32)
    (local $v v128) (local $s v128) (local $t f64)
    ;; bytes of the whole pairs of a row
    (local.set $pairs (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (local.set $row (i32.const 0))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_s (local.get $row) (local.get $rows)))
        (local.set $p (i32.add (local.get $c)
          (i32.shl (i32.mul (local.get $row) (local.get $n)) (i32.const 3))))
        (local.set $end (i32.add (local.get $p) (local.get $pairs)))
        (local.set $q (local.get $bias))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (v128.load (local.get $p)))
            (if (local.get $bias)
              (then
                (local.set $v (f64x2.add (local.get $v) (v128.load (local.get $q))))
                (v128.store (local.get $p) (local.get $v))))
            (local.set $s (f64x2.add (local.get $s) (f64x2.mul (local.get $v) (f64x2.splat (f64.const 0)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $pair)))
        ;; an odd n leaves one element per row
        (if (i32.and (local.get $n) (i32.const 1))
          (then
            (local.set $t (f64.load (local.get $p)))
            (if (local.get $bias)
              (then
                (local.set $t (f64.add (local.get $t) (f64.load (local.get $q))))
                (f64.store (local.get $p) (local.get $t))))
            (local.set $s (f64x2.add (local.get $s)
              (f64x2.splat (f64.mul (local.get $t) (f64.const 0)))))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (i32.and
      (f64.eq (f64x2.extract_lane 0 (local.get $s)) (f64.const 0))
      (f64.eq (f64x2.extract_lane 1 (local.get $s)) (f64.const 0))))

  ;; ReLU in place on $len float64 at byte offset $c: v ↦ v if v > 0, else +0 (so −0 ↦ +0), the
  ;; value of the TypeScript relu (v·[v > 0] + 0) for every finite v; the caller runs it on finite
  ;; data only (a NaN becomes +0 here).
  (func (export "relu_f64") (param $c i32) (param $len i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $c) (i32.shl (i32.and (local.get $len) (i32.const -2)) (i32.const 3))))
    (block $pairs_done
      (loop $pair
        (br_if $pairs_done (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $v (v128.load (local.get $c)))
        (v128.store (local.get $c)
          (v128.and (local.get $v) (f64x2.gt (local.get $v) (f64x2.splat (f64.const 0)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $pair)))
    (if (i32.and (local.get $len) (i32.const 1))
      (then
        (f64.store (local.get $c)
          (select (f64.load (local.get $c)) (f64.const 0) (f64.gt (f64.load (local.get $c)) (f64.const 0)))))))

  ;; Pack $panels whole panels of 4 rows, each row $kc contiguous float64 ($ld bytes between rows, from
  ;; byte offset $src), into the micro-kernels' layout at $dst: panel q holds, for each p < kc, the
  ;; four values row(4q + r)[p], r < 4 (4·kc values per panel). Two values of each row per step,
  ;; interleaved by shuffles: the A panels of a row-major A and the B panels of Bᵀ stored row-major
  ;; (a dense layer's weight). The driver packs edge panels (fewer than 4 rows) itself.
  (func (export "pack4_f64") (param $src i32) (param $ld i32) (param $kc i32) (param $dst i32)
    (param $panels i32)
    (local $q i32) (local $p i32) (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) (local $pairs i32)
    (local.set $pairs (i32.shr_u (local.get $kc) (i32.const 1)))
    (block $panels_done
      (loop $panel
        (br_if $panels_done (i32.ge_s (local.get $q) (local.get $panels)))
        (local.set $r0 (i32.add (local.get $src) (i32.mul (i32.shl (local.get $q) (i32.const 2)) (local.get $ld))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $ld)))
        (local.set $r2 (i32.add (local.get $r1) (local.get $ld)))
        (local.set $r3 (i32.add (local.get $r2) (local.get $ld)))
        (local.set $p (i32.const 0))
        (block $pairs_done
          (loop $pair
            (br_if $pairs_done (i32.ge_s (local.get $p) (local.get $pairs)))
            (local.set $x0 (v128.load (local.get $r0)))
            (local.set $x1 (v128.load (local.get $r1)))
            (local.set $x2 (v128.load (local.get $r2)))
            (local.set $x3 (v128.load (local.get $r3)))
            ;; (row0[p], row1[p]), (row2[p], row3[p]), (row0[p+1], row1[p+1]), (row2[p+1], row3[p+1])
            (v128.store (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x0) (local.get $x1)))
            (v128.store offset=16 (local.get $dst)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x2) (local.get $x3)))
            (v128.store offset=32 (local.get $dst)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x0) (local.get $x1)))
            (v128.store offset=48 (local.get $dst)
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x2) (local.get $x3)))
            (local.set $r0 (i32.add (local.get $r0) (i32.const 16)))
            (local.set $r1 (i32.add (local.get $r1) (i32.const 16)))
            (local.set $r2 (i32.add (local.get $r2) (i32.const 16)))
            (local.set $r3 (i32.add (local.get $r3) (i32.const 16)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 64)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pair)))
        ;; an odd kc leaves one value per row
        (if (i32.and (local.get $kc) (i32.const 1))
          (then
            (f64.store (local.get $dst) (f64.load (local.get $r0)))
            (f64.store offset=8 (local.get $dst) (f64.load (local.get $r1)))
            (f64.store offset=16 (local.get $dst) (f64.load (local.get $r2)))
            (f64.store offset=24 (local.get $dst) (f64.load (local.get $r3)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $panel))))
)
