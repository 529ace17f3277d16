/**
 * "Check with the on-chain verifier (in this page)": the package's Solidity verifier contract, as
 * compiled when the package was published, deployed on an EVM inside this page (a worker) and
 * called with the bundle's proof and public signals. It answers what a chain would, and what it
 * would cost there, without a chain or a wallet; nothing leaves the page.
 */
import { useState } from 'react';
import type { OnChainOutcome } from '../services/onchain.js';
import { Alert } from './Alert.js';

type State =
  | { status: 'idle' }
  | { status: 'running'; text: string }
  | { status: 'done'; text: string; outcome: OnChainOutcome }
  | { status: 'error'; text: string; message: string };

const gas = (n: number) => n.toLocaleString('en-US');

export function OnChainCheck({ bundleText }: { bundleText: string }) {
  const [state, setState] = useState<State>({ status: 'idle' });

  const run = async () => {
    const text = bundleText;
    setState({ status: 'running', text });
    try {
      // The service (and with it the EVM worker's URL) loads on first use only.
      const { checkBundleOnChain } = await import('../services/onchain.js');
      setState({ status: 'done', text, outcome: await checkBundleOnChain(text) });
    } catch (e) {
      setState({ status: 'error', text, message: (e as Error).message });
    }
  };

  // A result belongs to the bundle it was computed for: edit the bundle and it is gone.
  const current = state.status !== 'idle' && state.text === bundleText ? state : undefined;
  return (
    <div className="onchain">
      <div className="row">
        <button type="button" disabled={!bundleText.trim() || current?.status === 'running'} onClick={() => void run()}>
          Check with the on-chain verifier (in this page)
        </button>
      </div>
      <p className="hint">Runs the package&apos;s Solidity verifier contract in an EVM inside this page: no chain, no wallet, nothing sent.</p>
      {current?.status === 'running' && <p role="status">Deploying the verifier contract and calling verifyProof in the page…</p>}
      {current?.status === 'error' && <Alert title="The on-chain check could not run:">{current.message}</Alert>}
      {current?.status === 'done' && <OnChainVerdict outcome={current.outcome} />}
    </div>
  );
}

function OnChainVerdict({ outcome }: { outcome: OnChainOutcome }) {
  if (outcome.ran === 'unknown-package') {
    return (
      <div className="verdict unknown" role="status" data-testid="onchain-verdict">
        <p>
          <strong>No contract to run yet.</strong> The bundle names package {outcome.packageId.slice(0, 12)}…, which this browser has not loaded.
          Verify the bundle and load its package first.
        </p>
      </div>
    );
  }
  if (!outcome.ran) {
    return (
      <div className="verdict unknown" role="status" data-testid="onchain-verdict">
        <p>
          <strong>Package &ldquo;{outcome.packageName}&rdquo; has no compiled verifier</strong> (verifier.evm.json), so this page cannot run its
          contract: a browser has no Solidity compiler.{' '}
          {outcome.hasSource ? (
            <>
              Publish the package again with the current zkinfer (<code>zkinfer publish</code> compiles verifier.sol by default), or check the
              bundle in Node with <code>zkinfer verify &lt;bundle&gt; --package &lt;dir&gt; --evm</code>, which compiles verifier.sol itself.
            </>
          ) : (
            <>It has no verifier.sol either (it was published with --no-solidity): publish it again with a Solidity verifier.</>
          )}
        </p>
      </div>
    );
  }
  return (
    <div className={`verdict ${outcome.valid ? 'valid' : 'invalid'}`} role="status" data-testid="onchain-verdict">
      <p>
        {outcome.valid ? (
          <strong>Valid on the verifier contract: verifyProof returned true.</strong>
        ) : (
          <strong>Invalid on the verifier contract: verifyProof {outcome.error ? `failed (${outcome.error})` : 'returned false'}.</strong>
        )}
      </p>
      <p data-testid="onchain-gas">
        Execution gas <strong>{gas(outcome.gasUsed)}</strong>; as a transaction <strong>{gas(outcome.transactionGas)}</strong> (with{' '}
        {outcome.calldataBytes} bytes of call data).
      </p>
      <details>
        <summary>The call it made</summary>
        <p className="mono">Groth16Verifier.{outcome.signature}</p>
        <pre className="mono" style={{ whiteSpace: 'pre-wrap' }} data-testid="onchain-call">
          verifyProof({outcome.args})
        </pre>
        <p className="hint">
          The contract of package &ldquo;{outcome.packageName}&rdquo; (compiled by solc {outcome.solc.split('+')[0]} when it was published, checked
          against its manifest), deployed on a fresh chain in this page for {gas(outcome.deployGas)} gas. It checks the proof against all the
          public signals as they are; whether the challenge signal is your challenge is checked by Verify, not by the contract.
        </p>
      </details>
      <p className="hint" data-testid="onchain-scope">
        The contract checks the proof only: whether the challenge is yours and, for signed data, whether its signer is a data source you
        trust are Verify&rsquo;s verdict above, not the contract&rsquo;s.
      </p>
    </div>
  );
}
