// SPDX-License-Identifier: GPL-3.0-or-later
pragma solidity ^0.8.24;

/**
 * @title ZkinferRegistry — an example on-chain registry of zkinfer inference results.
 *
 * One registry per model package: it is deployed with the address of that package's verifier
 * contract (verifier.sol, snarkjs's Groth16Verifier), its number of public signals and the index of
 * its challenge signal. `submit` verifies a proof through it, refuses a replayed proof, a proof
 * without a challenge and a reused challenge, stores a keccak commitment of the output signals and
 * emits InferenceRecorded.
 *
 * Public signals are the bundle's `publicSignals`, in order (circuit wires 1…n), laid out as the
 * package manifest's `publicSignals` segments say. The signal at `challengeIndex` (the `challenge`
 * segment: the last signal for today's packages, after the outputs) is the verifier's challenge,
 * SHA-256("zkinfer challenge v1\0" ‖ text) cut to 253 bits (`challengeOf`), bound into the proof.
 * Each challenge is accepted once. Challenge 0 means "no challenge" and is refused: such a proof
 * answers no request, so it may be an old proof replayed, and a Groth16 proof is malleable (negate
 * A and B, or re-randomise), so refusing "this exact proof" again does not stop that.
 * The same outputs may legitimately be proved many times, with different challenges.
 * Front-running: whoever sees a pending submit can copy it. If that matters, derive the challenge
 * from the submitter (e.g. a text naming msg.sender and a counter) and check it here with
 * `challengeOf`.
 *
 * Example code, not audited.
 */
contract ZkinferRegistry {
    /// The BN254 scalar field: public signals are field elements, canonical only below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    address public immutable verifier;
    uint256 public immutable nPublic;
    uint256 public immutable challengeIndex;
    /// Selector of verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[nPublic]).
    bytes4 public immutable verifySelector;

    struct Record {
        bytes32 outputCommitment;
        uint256 challenge;
        address submitter;
        uint64 blockNumber;
    }

    /// keccak256(abi.encode(a, b, c)) → what was recorded with that proof.
    mapping(bytes32 => Record) public records;
    mapping(uint256 => bool) public challengeUsed;

    /// outputCommitment = keccak256(abi.encodePacked(the public signals other than the challenge, in order)).
    event InferenceRecorded(bytes32 indexed proofHash, bytes32 indexed outputCommitment, uint256 challenge, address indexed submitter);

    error WrongSignalCount(uint256 given, uint256 expected);
    error NonCanonicalSignal(uint256 index);
    error ProofReplayed(bytes32 proofHash);
    error ChallengeReused(uint256 challenge);
    /// The proof answers no challenge (signal 0): it could be a replay of any proof made without one.
    error NoChallenge();
    error InvalidProof();

    constructor(address verifier_, uint256 nPublic_, uint256 challengeIndex_) {
        require(verifier_.code.length > 0, "ZkinferRegistry: the verifier has no code");
        require(nPublic_ > 0, "ZkinferRegistry: no public signals");
        require(challengeIndex_ < nPublic_, "ZkinferRegistry: challenge index out of range");
        verifier = verifier_;
        nPublic = nPublic_;
        challengeIndex = challengeIndex_;
        verifySelector = bytes4(keccak256(abi.encodePacked("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[", _decimal(nPublic_), "])")));
    }

    /**
     * Verifies the proof through the package's verifier and records it. Reverts (and records
     * nothing) on a wrong number of signals, a signal ≥ r, a proof already recorded, no challenge
     * (signal 0), a challenge already used, or a proof that does not verify.
     */
    function submit(uint256[2] calldata a, uint256[2][2] calldata b, uint256[2] calldata c, uint256[] calldata signals)
        external
        returns (bytes32 proofHash)
    {
        if (signals.length != nPublic) revert WrongSignalCount(signals.length, nPublic);
        for (uint256 i = 0; i < signals.length; i++) {
            if (signals[i] >= R) revert NonCanonicalSignal(i);
        }
        proofHash = keccak256(abi.encode(a, b, c));
        if (records[proofHash].submitter != address(0)) revert ProofReplayed(proofHash);
        uint256 challenge = signals[challengeIndex];
        if (challenge == 0) revert NoChallenge();
        if (challengeUsed[challenge]) revert ChallengeReused(challenge);

        (bool ok, bytes memory ret) =
            verifier.staticcall(bytes.concat(abi.encodeWithSelector(verifySelector, a, b, c), abi.encodePacked(signals)));
        if (!ok || ret.length != 32 || abi.decode(ret, (uint256)) != 1) revert InvalidProof();

        bytes32 commitment = outputCommitment(signals);
        challengeUsed[challenge] = true;
        records[proofHash] = Record(commitment, challenge, msg.sender, uint64(block.number));
        emit InferenceRecorded(proofHash, commitment, challenge, msg.sender);
    }

    /// keccak256 of the public signals other than the challenge, each as 32 bytes, in order.
    function outputCommitment(uint256[] calldata signals) public view returns (bytes32) {
        uint256[] memory outputs = new uint256[](signals.length - 1);
        uint256 j = 0;
        for (uint256 i = 0; i < signals.length; i++) {
            if (i != challengeIndex) outputs[j++] = signals[i];
        }
        return keccak256(abi.encodePacked(outputs));
    }

    /// The challenge signal of a challenge text, as zkinfer computes it (challengeSignal in signals.ts).
    function challengeOf(string calldata text) public pure returns (uint256) {
        if (bytes(text).length == 0) return 0;
        return uint256(sha256(abi.encodePacked("zkinfer challenge v1\x00", text))) >> 3;
    }

    function _decimal(uint256 v) private pure returns (bytes memory s) {
        if (v == 0) return "0";
        while (v > 0) {
            s = abi.encodePacked(bytes1(uint8(48 + (v % 10))), s);
            v /= 10;
        }
    }
}
