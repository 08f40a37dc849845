/** Dropping a scenario file on the full explorer imports it (a reactive controller of the element). */

import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class DropController implements ReactiveController {
  /** True while a file is dragged over the element (it is then highlighted). */
  dropping = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Whether drops are taken (the full view). */
    private readonly enabled: () => boolean,
    private readonly importFile: (file: File) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.host.addEventListener('dragover', this.onDragOver);
    this.host.addEventListener('dragleave', this.onDragLeave);
    this.host.addEventListener('drop', this.onDrop);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('dragover', this.onDragOver);
    this.host.removeEventListener('dragleave', this.onDragLeave);
    this.host.removeEventListener('drop', this.onDrop);
  }

  private set(dropping: boolean): void {
    if (dropping === this.dropping) return;
    this.dropping = dropping;
    this.host.requestUpdate();
  }

  private readonly onDragOver = (e: DragEvent) => {
    if (!this.enabled() || !e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    this.set(true);
  };

  private readonly onDragLeave = () => this.set(false);

  private readonly onDrop = (e: DragEvent) => {
    if (!this.enabled()) return;
    e.preventDefault();
    this.set(false);
    const file = e.dataTransfer?.files[0];
    if (file) this.importFile(file);
  };
}
