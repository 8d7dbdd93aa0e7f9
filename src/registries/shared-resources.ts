/**
 * What a run's registry families keep open between calls (the ECR API clients, shared by the
 * registry credentials and the repository check), each built on first use and closed at the end.
 */

/** A resource the run closes at its end. */
export interface Closable {
  destroy(): Promise<void>;
}

export class SharedResources {
  private readonly opened = new Map<new () => Closable, Closable>();

  /** The run's one instance of this class, built on first use. */
  shared<T extends Closable>(kind: new () => T): T {
    let resource = this.opened.get(kind);
    if (!resource) {
      resource = new kind();
      this.opened.set(kind, resource);
    }
    return resource as T;
  }

  /** Closes everything built so far; a resource asked for afterwards is a new one. */
  async close(): Promise<void> {
    const resources = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(resources.map((resource) => resource.destroy()));
  }
}
